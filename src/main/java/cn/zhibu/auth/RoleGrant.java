package cn.zhibu.auth;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

public record RoleGrant(Role role, UUID orgId) {
  public JsonObject toJson() {
    return new JsonObject().put("role", role.wire()).put("orgId", orgId.toString());
  }

  static RoleGrant fromJson(JsonObject json) {
    return new RoleGrant(Role.fromWire(json.getString("role")), UUID.fromString(json.getString("orgId")));
  }
}
