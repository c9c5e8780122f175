package cn.zhibu.org;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A node of the org tree; {@code ancestry} runs from the root down to this org itself. */
public record Org(UUID id, UUID parentId, String name, String kind, List<UUID> ancestry) {

  public boolean isWithin(UUID ancestor) {
    return ancestry.contains(ancestor);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("parentId", parentId == null ? null : parentId.toString())
        .put("name", name).put("kind", kind).put("depth", ancestry.size() - 1);
  }

  static Org from(Row row) {
    return new Org(row.getUUID("id"), row.getUUID("parent_id"), row.getString("name"), row.getString("kind"),
        Arrays.asList(row.getArrayOfUUIDs("ancestry")));
  }
}
