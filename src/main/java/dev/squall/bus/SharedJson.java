package dev.squall.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/** A JSON message handed over by reference on local delivery (no copy, no encoding). */
record SharedJson(JsonObject json) {

  static final class Codec implements MessageCodec<SharedJson, SharedJson> {
    @Override
    public void encodeToWire(Buffer buffer, SharedJson s) {
      Buffer encoded = s.json().toBuffer();
      buffer.appendInt(encoded.length()).appendBuffer(encoded);
    }

    @Override
    public SharedJson decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return new SharedJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
    }

    @Override
    public SharedJson transform(SharedJson s) {
      return s;
    }

    @Override
    public String name() {
      return "squall-shared-json";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
