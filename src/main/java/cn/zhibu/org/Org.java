package cn.zhibu.org;

import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A node of the org tree; {@code ancestry} runs from the root down to this org itself. */
public record Org(UUID id, UUID parentId, String name, String kind, List<UUID> ancestry) {

  public boolean isWithin(UUID ancestor) {
    return ancestry.contains(ancestor);
  }

  /** {@code Org} on the wire: without the ancestry, with its depth (0 for the school). */
  public record View(UUID id, UUID parentId, String name, String kind, int depth) {
  }

  public View view() {
    return new View(id, parentId, name, kind, ancestry.size() - 1);
  }

  static Org from(Row row) {
    return new Org(row.getUUID("id"), row.getUUID("parent_id"), row.getString("name"), row.getString("kind"),
        Arrays.asList(row.getArrayOfUUIDs("ancestry")));
  }
}
