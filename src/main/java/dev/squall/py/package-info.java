/**
 * Python's semantics on JSON values (comparison, repr, json.dumps, literals, dates, regexes), which StackStorm's
 * code gets from the language and Squall must reproduce byte for byte. Kernel: it knows no Squall domain.
 */
package dev.squall.py;
