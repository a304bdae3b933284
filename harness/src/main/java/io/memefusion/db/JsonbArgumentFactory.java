package io.memefusion.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.postgresql.util.PGobject;

/** Binds Jackson trees as PostgreSQL {@code jsonb} (jdbi3-jackson is not served here). */
final class JsonbArgumentFactory extends AbstractArgumentFactory<JsonNode> {
  private final ObjectMapper mapper;

  JsonbArgumentFactory(ObjectMapper mapper) {
    super(Types.OTHER);
    this.mapper = mapper;
  }

  @Override
  protected Argument build(JsonNode value, ConfigRegistry config) {
    return (position, statement, ctx) -> {
      PGobject json = new PGobject();
      json.setType("jsonb");
      try {
        json.setValue(mapper.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write JSON", e);
      }
      statement.setObject(position, json);
    };
  }
}
