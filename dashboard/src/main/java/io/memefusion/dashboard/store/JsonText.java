package io.memefusion.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** How a stored JSON value (a hyperparameter) reads: 0.0003 not 3.0E-4, 1 not 1.0. */
public final class JsonText {
  private JsonText() {}

  public static String of(JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    if (v.isNumber()) {
      return plain(v.decimalValue());
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  /** The same for JSON text such as {@code 1.0} or {@code "adam"}. */
  public static String ofJson(String json) {
    try {
      return plain(new BigDecimal(json));
    } catch (NumberFormatException notANumber) {
      return json.startsWith("\"") && json.endsWith("\"") && json.length() >= 2
          ? json.substring(1, json.length() - 1)
          : json;
    }
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
