package dev.squall.bus;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a bus counts its messages, one counter per address and kind: asked once per address, then the bus
 * increments the counter it was handed (no lookup per message).
 */
public interface BusMeter {
  /** Counts nothing. */
  BusMeter NONE = new BusMeter() {
    @Override
    public LongAdder put(String address, String kind) {
      return new LongAdder();
    }

    @Override
    public LongAdder handled(String address) {
      return new LongAdder();
    }
  };

  /** The counter of messages put on {@code address}; {@code kind} is {@code publish} or {@code send}. */
  LongAdder put(String address, String kind);

  /** The counter of messages handled by this node's consumers and subscribers of {@code address}. */
  LongAdder handled(String address);
}
