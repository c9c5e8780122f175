package cn.zhibu.request;

import cn.zhibu.platform.Times;
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

  /** Who asked: shown to handlers only when the request is not anonymous, always to the requester. */
  record Requester(UUID id, String name) {
  }

  /** {@code Request} on the wire, as this viewer may see it. */
  record View(UUID id, String category, String title, String content, List<String> photoUrls, boolean anonymous,
      UUID orgId, UUID assigneeId, String status, Integer rating, String respondBy, String resolveBy, String acceptedAt,
      String resolvedAt, boolean overdue, String createdAt, boolean mine,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      Requester requester) {
  }

  /** {@code RequestDetail}: the request, what the viewer may do next, and its timeline. */
  record Detail(UUID id, String category, String title, String content, List<String> photoUrls, boolean anonymous,
      UUID orgId, UUID assigneeId, String status, Integer rating, String respondBy, String resolveBy, String acceptedAt,
      String resolvedAt, boolean overdue, String createdAt, boolean mine,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      Requester requester, List<String> allowedActions, List<RequestRepository.Shown> timeline) {
    static Detail of(View v, List<String> allowedActions, List<RequestRepository.Shown> timeline) {
      return new Detail(v.id(), v.category(), v.title(), v.content(), v.photoUrls(), v.anonymous(), v.orgId(),
          v.assigneeId(), v.status(), v.rating(), v.respondBy(), v.resolveBy(), v.acceptedAt(), v.resolvedAt(),
          v.overdue(), v.createdAt(), v.mine(), v.requester(), allowedActions, timeline);
    }
  }

  /** After a transition that takes the request out of the caller's sight: only its id and new status. */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Gone(UUID id, String status) {
  }

  /**
   * The request as this viewer may see it. Handlers see who asked only when the request is not anonymous;
   * the requester always sees their own request.
   */
  View view(boolean viewerIsRequester) {
    return new View(id, category, title, content, photoUrls, anonymous, orgId, assigneeId, status, rating,
        Times.format(respondBy), Times.format(resolveBy), Times.format(acceptedAt), Times.format(resolvedAt), overdue,
        Times.format(createdAt), viewerIsRequester,
        !anonymous || viewerIsRequester ? new Requester(requesterId, requesterName) : null);
  }
}
