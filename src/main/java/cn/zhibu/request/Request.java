package cn.zhibu.request;

import cn.zhibu.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A request as stored, with the requester's name when one was joined in. */
record Request(UUID id, UUID requesterId, String requesterName, boolean anonymous, String category, String title,
    String content, List<String> photoUrls, UUID orgId, UUID assigneeId, String status, Integer rating,
    OffsetDateTime respondBy, OffsetDateTime resolveBy, OffsetDateTime acceptedAt, OffsetDateTime resolvedAt,
    boolean overdue, OffsetDateTime createdAt) {

  static final String COLUMNS = """
      r.id, r.requester_id, p.name AS requester_name, r.anonymous, r.category, r.title, r.content, r.photo_urls,
      r.org_id, r.assignee_id, r.status, r.rating, r.respond_by, r.resolve_by, r.accepted_at, r.resolved_at,
      r.overdue, r.created_at
      """;
  static final String FROM = " FROM requests r JOIN persons p ON p.id = r.requester_id ";

  static Request from(Row row) {
    return new Request(row.getUUID("id"), row.getUUID("requester_id"), row.getString("requester_name"),
        row.getBoolean("anonymous"), row.getString("category"), row.getString("title"), row.getString("content"),
        List.of(row.getArrayOfStrings("photo_urls")), row.getUUID("org_id"), row.getUUID("assignee_id"),
        row.getString("status"), row.getInteger("rating"), row.getOffsetDateTime("respond_by"),
        row.getOffsetDateTime("resolve_by"), row.getOffsetDateTime("accepted_at"),
        row.getOffsetDateTime("resolved_at"), row.getBoolean("overdue"), row.getOffsetDateTime("created_at"));
  }

  /**
   * The request as this viewer may see it. Handlers see who asked only when the request is not anonymous;
   * the requester always sees their own request.
   */
  JsonObject toJson(boolean viewerIsRequester) {
    JsonObject json = new JsonObject().put("id", id.toString()).put("category", category).put("title", title)
        .put("content", content).put("photoUrls", new JsonArray(photoUrls)).put("anonymous", anonymous)
        .put("orgId", orgId.toString()).put("assigneeId", assigneeId == null ? null : assigneeId.toString())
        .put("status", status).put("rating", rating).put("respondBy", Times.format(respondBy))
        .put("resolveBy", Times.format(resolveBy)).put("acceptedAt", Times.format(acceptedAt))
        .put("resolvedAt", Times.format(resolvedAt)).put("overdue", overdue).put("createdAt", Times.format(createdAt))
        .put("mine", viewerIsRequester);
    if (!anonymous || viewerIsRequester) {
      json.put("requester", new JsonObject().put("id", requesterId.toString()).put("name", requesterName));
    }
    return json;
  }
}
