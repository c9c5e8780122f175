package cn.zhibu.volunteer;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Org;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Ledger;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/** Self-reported hours and their review, and everyone's totals. */
public final class RecordService {
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Points points;
  private final Clock clock;

  RecordService(Pool pool, Scope scope, OrgDirectory orgs, Points points, Clock clock) {
    this.pool = pool;
    this.scope = scope;
    this.orgs = orgs;
    this.points = points;
    this.clock = clock;
  }

  /**
   * A self-report is pending until someone else reviews it. Overlapping another of the person's records is
   * refused; the day's total decides the tier (≤ 8 h normal, 8–12 h needs the org above, > 12 h refused).
   */
  Future<JsonObject> report(Caller caller, JsonObject body) {
    Instant started = Times.parse(body.getString("startedAt")).truncatedTo(ChronoUnit.MICROS);
    Instant ended = Times.parse(body.getString("endedAt")).truncatedTo(ChronoUnit.MICROS);
    if (!ended.isAfter(started) || ended.isAfter(clock.instant().plusSeconds(60))) {
      return Future.failedFuture(ApiException.unprocessable("volunteer.invalid_time",
          "A record must end after it starts, and not in the future"));
    }
    LocalDate day = started.atZone(Times.SCHOOL_ZONE).toLocalDate();
    if (!ended.minusNanos(1).atZone(Times.SCHOOL_ZONE).toLocalDate().equals(day)) {
      return Future.failedFuture(ApiException.unprocessable("volunteer.spans_days", "Report each day separately"));
    }
    int minutes = (int) Duration.between(started, ended).toMinutes();
    UUID id = UUID.randomUUID();
    Instant dayStart = day.atStartOfDay(Times.SCHOOL_ZONE).toInstant();
    UUID activityId = body.getString("activityId") == null ? null : UUID.fromString(body.getString("activityId"));
    return activityInReach(caller, activityId).compose(ok -> pool.withTransaction(tx -> lockPerson(tx, caller.personId())
        .compose(v -> tx.preparedQuery("""
            SELECT
              EXISTS (SELECT 1 FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
                      AND started_at < $3 AND coalesce(ended_at, 'infinity') > $2) AS overlaps,
              (SELECT coalesce(sum(minutes), 0) FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
                      AND started_at >= $4 AND started_at < $5) AS day_minutes
            """).execute(Tuple.of(caller.personId(), cn.zhibu.platform.Times.utc(started), cn.zhibu.platform.Times.utc(ended),
            cn.zhibu.platform.Times.utc(dayStart), cn.zhibu.platform.Times.utc(dayStart.plus(Duration.ofDays(1))))))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getBoolean("overlaps")) {
            return Future.failedFuture(ApiException.conflict("volunteer.overlap", "This overlaps another of your records"));
          }
          HourRules.Tier tier = HourRules.tier(row.getLong("day_minutes").intValue() + minutes);
          if (tier == HourRules.Tier.REFUSED) {
            return Future.failedFuture(ApiException.unprocessable("volunteer.too_many_hours",
                "More than 12 hours in one day cannot be reported"));
          }
          String status = tier == HourRules.Tier.HIGHER ? "pending_higher" : "pending";
          return tx.preparedQuery("""
                  INSERT INTO volunteer_records (id, person_id, activity_id, source, status, started_at, ended_at, minutes,
                                                 description, evidence_urls, created_at)
                  VALUES ($1, $2, $3, 'self', $4, $5, $6, $7, $8, $9, $10)
                  """).execute(Tuple.tuple().addUUID(id).addUUID(caller.personId())
                  .addUUID(activityId)
                  .addString(status).addOffsetDateTime(cn.zhibu.platform.Times.utc(started))
                  .addOffsetDateTime(cn.zhibu.platform.Times.utc(ended)).addInteger(minutes)
                  .addString(body.getString("description").strip())
                  .addArrayOfString(body.getJsonArray("evidenceUrls", new JsonArray()).stream().map(String::valueOf)
                      .toArray(String[]::new))
                  .addOffsetDateTime(cn.zhibu.platform.Times.utc(clock.instant())))
              .map(v -> new JsonObject().put("id", id.toString()).put("status", status)
                  .put("hours", Math.round(minutes * 100.0 / 60) / 100.0));
        })));
  }

  /** A self-report may name an activity of the caller's own orgs; any other id is not found. */
  private Future<Void> activityInReach(Caller caller, UUID activityId) {
    if (activityId == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("SELECT org_id FROM volunteer_activities WHERE id = $1").execute(Tuple.of(activityId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The activity"))
            : orgs.chain(caller).compose(chain -> chain.contains(rows.iterator().next().getUUID("org_id"))
                ? Future.<Void>succeededFuture() : Future.failedFuture(ApiException.notFound("The activity"))));
  }

  /** Serialises one person's hour records (self-reports, on-site check-ins and closings) within a transaction. */
  static Future<Void> lockPerson(io.vertx.sqlclient.SqlClient tx, UUID personId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 13))")
        .execute(Tuple.of(personId.toString())).mapEmpty();
  }

  /** The person's minutes already recorded (and not refused) on the school-time day of {@code at}, but one record. */
  static Future<Integer> dayMinutes(io.vertx.sqlclient.SqlClient tx, UUID personId, Instant at, UUID except) {
    Instant dayStart = at.atZone(Times.SCHOOL_ZONE).toLocalDate().atStartOfDay(Times.SCHOOL_ZONE).toInstant();
    return tx.preparedQuery("""
            SELECT coalesce(sum(minutes), 0) FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
              AND id <> $2 AND started_at >= $3 AND started_at < $4
            """).execute(Tuple.of(personId, except, cn.zhibu.platform.Times.utc(dayStart),
            cn.zhibu.platform.Times.utc(dayStart.plus(Duration.ofDays(1)))))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /**
   * A secretary over the author's branch reviews a normal record; a record of 8–12 h a day needs an admin of
   * the org above the branch. Never the author. Outside one's scope a record is not found.
   */
  Future<JsonObject> review(Caller caller, Audit.Actor actor, UUID id, boolean approve, String note) {
    Ledger.Entry[] award = new Ledger.Entry[1];
    return pool.withTransaction(tx -> tx.preparedQuery("""
            SELECT r.person_id, r.status, r.minutes, p.org_id FROM volunteer_records r JOIN persons p ON p.id = r.person_id
            WHERE r.id = $1 FOR UPDATE OF r
            """).execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0 || rows.iterator().next().getUUID("org_id") == null) {
            return Future.failedFuture(ApiException.notFound("The record"));
          }
          Row r = rows.iterator().next();
          return orgs.find(r.getUUID("org_id")).compose(home -> {
            if (!Scope.covers(caller, home, Set.of(Role.SECRETARY, Role.ADMIN))) {
              return Future.failedFuture(ApiException.notFound("The record"));
            }
            if (caller.personId().equals(r.getUUID("person_id"))) {
              return Future.failedFuture(ApiException.unprocessable("volunteer.own_record",
                  "Someone else must review your own hours"));
            }
            String status = r.getString("status");
            if (!status.startsWith("pending")) {
              return Future.failedFuture(ApiException.conflict("volunteer.already_reviewed", "This record was already reviewed"));
            }
            if ("pending_higher".equals(status) && !adminAbove(caller, home)) {
              return Future.failedFuture(ApiException.forbidden(
                  "More than 8 hours in a day needs an admin of the org above the branch"));
            }
            return tx.preparedQuery("""
                    UPDATE volunteer_records SET status = $2, reviewed_by = $3, review_note = $4, reviewed_at = now()
                    WHERE id = $1
                    """).execute(Tuple.of(id, approve ? "approved" : "refused", caller.personId(), note))
                .compose(v -> Audit.record(tx, actor, home.id(), "volunteer.review", "volunteer_record:" + id,
                    new JsonObject().put("approve", approve).put("personId", r.getUUID("person_id").toString())
                        .put("minutes", r.getInteger("minutes")).put("note", note)))
                .compose(v -> approve ? ActivityService.awardHours(tx, r.getUUID("person_id"), id, r.getInteger("minutes"),
                    points).map(entry -> {
                      award[0] = entry;
                      return null;
                    }) : Future.succeededFuture())
                .map(v -> new JsonObject().put("id", id.toString()).put("status", approve ? "approved" : "refused"));
          });
        }))
        .compose(result -> award[0] == null ? Future.succeededFuture(result) : points.committed(award[0]).map(result));
  }

  private static boolean adminAbove(Caller caller, Org branch) {
    return branch.ancestry().subList(0, branch.ancestry().size() - 1).stream().anyMatch(a -> caller.has(Role.ADMIN, a));
  }

  Future<JsonObject> mine(Caller caller, Integer year) {
    int y = year == null ? clock.instant().atZone(Times.SCHOOL_ZONE).getYear() : year;
    return pool.preparedQuery("""
            SELECT r.id, r.activity_id, a.title, r.source, r.status, r.started_at, r.ended_at, r.minutes, r.description
            FROM volunteer_records r LEFT JOIN volunteer_activities a ON a.id = r.activity_id
            WHERE r.person_id = $1 AND extract(year FROM r.started_at AT TIME ZONE 'Asia/Shanghai') = $2
            ORDER BY r.started_at
            """).execute(Tuple.of(caller.personId(), y))
        .map(rows -> {
          JsonArray records = new JsonArray();
          int approved = 0;
          int pending = 0;
          for (Row r : rows) {
            String status = r.getString("status");
            approved += "approved".equals(status) ? r.getInteger("minutes") : 0;
            pending += status.startsWith("pending") ? r.getInteger("minutes") : 0;
            records.add(new JsonObject().put("id", r.getUUID("id").toString())
                .put("activityId", r.getUUID("activity_id") == null ? null : r.getUUID("activity_id").toString())
                .put("activity", r.getString("title")).put("source", r.getString("source")).put("status", status)
                .put("startedAt", Times.format(r.getOffsetDateTime("started_at")))
                .put("endedAt", Times.format(r.getOffsetDateTime("ended_at")))
                .put("hours", hours(r.getInteger("minutes"))).put("description", r.getString("description")));
          }
          return new JsonObject().put("year", y).put("approvedHours", hours(approved)).put("pendingHours", hours(pending))
              .put("records", records);
        });
  }

  /** Approved hours this year, for /me. */
  public Future<Double> approvedHours(UUID personId, int year) {
    return pool.preparedQuery("""
            SELECT coalesce(sum(minutes), 0) FROM volunteer_records WHERE person_id = $1 AND status = 'approved'
              AND extract(year FROM started_at AT TIME ZONE 'Asia/Shanghai') = $2
            """).execute(Tuple.of(personId, year)).map(rows -> hours(rows.iterator().next().getLong(0).intValue()));
  }

  /** Approved and pending hours of everyone on a roster in the org's subtree. */
  Future<JsonObject> orgReport(Caller caller, UUID orgId, Integer year) {
    int y = year == null ? clock.instant().atZone(Times.SCHOOL_ZONE).getYear() : year;
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery("""
            SELECT p.id, p.number, p.name,
                   coalesce(sum(r.minutes) FILTER (WHERE r.status = 'approved'), 0) AS approved,
                   coalesce(sum(r.minutes) FILTER (WHERE r.status LIKE 'pending%'), 0) AS pending
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN volunteer_records r ON r.person_id = p.id
              AND extract(year FROM r.started_at AT TIME ZONE 'Asia/Shanghai') = $2
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            GROUP BY p.id ORDER BY p.number
            """).execute(Tuple.of(org.id(), y)))
        .compose(rows -> scope.adminOver(caller, orgId).map(full -> {
          JsonArray members = new JsonArray();
          for (Row r : rows) {
            members.add(new JsonObject().put("personId", r.getUUID("id").toString())
                .put("number", cn.zhibu.platform.Masks.number(r.getString("number"), full))
                .put("name", r.getString("name")).put("approvedHours", hours(r.getLong("approved").intValue()))
                .put("pendingHours", hours(r.getLong("pending").intValue())));
          }
          return new JsonObject().put("orgId", orgId.toString()).put("year", y).put("members", members);
        }));
  }

  /** Self-reported records of people in the org's subtree (e.g. those pending review), newest first. */
  Future<JsonObject> recordsOf(Caller caller, UUID orgId, String status) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery("""
            SELECT r.id, r.person_id, p.name, r.source, r.status, r.started_at, r.ended_at, r.minutes, r.description,
                   r.evidence_urls
            FROM volunteer_records r JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND r.status <> 'open' AND ($2::text IS NULL OR r.status LIKE $2 || '%')
            ORDER BY r.started_at DESC LIMIT 200
            """).execute(Tuple.of(org.id(), status)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            items.add(new JsonObject().put("id", r.getUUID("id").toString()).put("personId", r.getUUID("person_id").toString())
                .put("name", r.getString("name")).put("source", r.getString("source")).put("status", r.getString("status"))
                .put("startedAt", Times.format(r.getOffsetDateTime("started_at")))
                .put("endedAt", Times.format(r.getOffsetDateTime("ended_at"))).put("hours", hours(r.getInteger("minutes")))
                .put("description", r.getString("description"))
                .put("evidenceUrls", new JsonArray(java.util.List.of(r.getArrayOfStrings("evidence_urls")))));
          }
          return new JsonObject().put("items", items);
        });
  }

  static double hours(int minutes) {
    return Math.round(minutes * 100.0 / 60) / 100.0;
  }
}
