package dev.squall.testkit;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.Map;

/**
 * mongo-java-server's memory backend, with one difference: a query that names one {@code _id} is answered from the
 * {@code _id} index even when it has other conditions too ({@code {_id: X, status: {$in: [...]}}}, the store's
 * conditional updates). The stock backend uses an index only when the query has exactly the index's keys, so each
 * such update scans the whole collection, which MongoDB does not do; figures taken on the stand-in then measure
 * the stand-in's scans more than the nodes. Results are the same: the document found by id is still matched
 * against the whole query.
 */
public final class IdLookupBackend extends MemoryBackend {
  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  private static final class Database extends MemoryDatabase {
    Database(String name, CursorRegistry cursors) {
      super(name, cursors);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
      return new IdCollection(this, name, options, cursorRegistry);
    }
  }

  private static final class IdCollection extends MemoryCollection {
    IdCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
      super(database, name, options, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
        Document fields) {
      Object id = query.get("_id");
      if (query.size() > 1 && id != null && !(id instanceof Map) && !(id instanceof Collection)) {
        Document byId = new Document("_id", id);
        for (Index<Integer> index : getIndexes()) {
          if (index.canHandle(byId)) {
            return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, fields);
          }
        }
      }
      return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
    }
  }
}
