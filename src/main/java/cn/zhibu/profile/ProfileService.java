package cn.zhibu.profile;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * 党员信息: the fields 党内统计 asks for. The person sees their own; secretaries and admins over their branch see
 * and correct them (a member does not edit their own record: the branch answers for it). Every change audited
 * with the fields it touched.
 */
final class ProfileService {
  private static final List<String> FIELDS = List.of("gender", "birthDate", "ethnicity", "education", "joinedAt",
      "fullMemberAt");
  private static final String COLUMNS = "id, org_id, name, number, stage, gender, birth_date, ethnicity, education, "
      + "joined_at, full_member_at";
  private final Pool pool;
  private final Scope scope;
  private final java.time.Clock clock;

  ProfileService(Pool pool, Scope scope, java.time.Clock clock) {
    this.pool = pool;
    this.scope = scope;
    this.clock = clock;
  }

  private Future<Row> person(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(id)).compose(rows -> rows.size() == 0 || rows.iterator().next().getUUID("org_id") == null
            ? Future.failedFuture(ApiException.notFound("The person")) : Future.succeededFuture(rows.iterator().next()));
  }

  /** The person, if the caller is them (reading) or manages their branch; 404 outside the caller's sight. */
  private Future<Row> allowed(Caller caller, UUID id, boolean write) {
    return person(id).compose(p -> !write && id.equals(caller.personId()) ? Future.succeededFuture(p)
        : scope.visible(caller, p.getUUID("org_id"))
            .recover(outside -> Future.failedFuture(ApiException.notFound("The person")))
            .compose(org -> Scope.covers(caller, org, Role.MANAGERS) ? Future.succeededFuture(p)
                : Future.failedFuture(ApiException.forbidden("The branch secretary keeps members' records"))));
  }

  private static String date(Row r, String column) {
    LocalDate d = r.getLocalDate(column);
    return d == null ? null : d.toString();
  }

  static JsonObject json(Row r) {
    return new JsonObject().put("personId", r.getUUID("id").toString()).put("name", r.getString("name"))
        .put("stage", r.getString("stage")).put("gender", r.getString("gender")).put("birthDate", date(r, "birth_date"))
        .put("ethnicity", r.getString("ethnicity")).put("education", r.getString("education"))
        .put("joinedAt", date(r, "joined_at")).put("fullMemberAt", date(r, "full_member_at"));
  }

  Future<JsonObject> get(Caller caller, UUID id) {
    return allowed(caller, id, false).map(ProfileService::json);
  }

  Future<JsonObject> update(Caller caller, Audit.Actor actor, UUID id, JsonObject changes) {
    for (String date : List.of("birthDate", "joinedAt", "fullMemberAt")) {
      String v = changes.getString(date);
      if (v != null && LocalDate.parse(v).isAfter(LocalDate.now(clock.withZone(cn.zhibu.platform.Times.SCHOOL_ZONE)))) {
        return Future.failedFuture(ApiException.unprocessable("profile.future_date", date + " cannot be in the future"));
      }
    }
    if (changes.getString("joinedAt") != null && changes.getString("fullMemberAt") != null
        && LocalDate.parse(changes.getString("fullMemberAt")).isBefore(LocalDate.parse(changes.getString("joinedAt")))) {
      return Future.failedFuture(ApiException.unprocessable("profile.dates_out_of_order",
          "fullMemberAt cannot be before joinedAt"));
    }
    return allowed(caller, id, true).compose(p -> pool.withTransaction(tx -> tx.preparedQuery("""
                UPDATE persons SET
                  gender = CASE WHEN $2 THEN $3 ELSE gender END,
                  birth_date = CASE WHEN $4 THEN $5::date ELSE birth_date END,
                  ethnicity = CASE WHEN $6 THEN $7 ELSE ethnicity END,
                  education = CASE WHEN $8 THEN $9 ELSE education END,
                  joined_at = CASE WHEN $10 THEN $11::date ELSE joined_at END,
                  full_member_at = CASE WHEN $12 THEN $13::date ELSE full_member_at END,
                  updated_at = now()
                WHERE id = $1 RETURNING\s""" + COLUMNS)
            .execute(Tuple.tuple().addUUID(id)
                .addBoolean(changes.containsKey("gender")).addString(changes.getString("gender"))
                .addBoolean(changes.containsKey("birthDate")).addLocalDate(day(changes, "birthDate"))
                .addBoolean(changes.containsKey("ethnicity")).addString(changes.getString("ethnicity"))
                .addBoolean(changes.containsKey("education")).addString(changes.getString("education"))
                .addBoolean(changes.containsKey("joinedAt")).addLocalDate(day(changes, "joinedAt"))
                .addBoolean(changes.containsKey("fullMemberAt")).addLocalDate(day(changes, "fullMemberAt")))
            .compose(rows -> Audit.record(tx, actor, p.getUUID("org_id"), "profile.update", "person:" + id,
                    new JsonObject().put("fields", new io.vertx.core.json.JsonArray(FIELDS.stream()
                        .filter(changes::containsKey).toList())))
                .map(v -> json(rows.iterator().next())))));
  }

  private static LocalDate day(JsonObject changes, String field) {
    String v = changes.getString(field);
    return v == null ? null : LocalDate.parse(v);
  }
}
