package cn.zhibu.volunteer;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.checkin.CheckinCode;
import cn.zhibu.checkin.OnSite;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Activities, sign-ups with capacity, and on-site check-in and check-out with the rotating code. */
final class ActivityService {
  static final Set<Role> ORGANISERS = Set.of(Role.SECRETARY, Role.COMMITTEE);
  static final Duration OPENS_BEFORE = Duration.ofMinutes(30);
  private static final String COLUMNS = """
      id, org_id, title, starts_at, ends_at, lat, lng, radius_m, capacity, signed_up, code_secret, code_step_seconds,
      created_by
      """;
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Points points;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ActivityService(Pool pool, Scope scope, OrgDirectory orgs, Points points, Clock clock) {
    this.pool = pool;
    this.scope = scope;
    this.orgs = orgs;
    this.points = points;
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, JsonObject body) {
    UUID orgId = UUID.fromString(body.getString("orgId"));
    Instant starts = Times.parse(body.getString("startsAt"));
    Instant ends = Times.parse(body.getString("endsAt"));
    JsonObject place = body.getJsonObject("location");
    UUID id = UUID.randomUUID();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return scope.require(caller, orgId, ORGANISERS).compose(org -> {
      if (!ends.isAfter(starts)) {
        return Future.failedFuture(ApiException.unprocessable("volunteer.invalid_time", "An activity must end after it starts"));
      }
      return pool.preparedQuery("""
              INSERT INTO volunteer_activities (id, org_id, title, starts_at, ends_at, lat, lng, radius_m, capacity,
                                                code_secret, created_by, created_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
              """).execute(Tuple.tuple().addUUID(id).addUUID(org.id()).addString(body.getString("title").strip())
              .addOffsetDateTime(utc(starts)).addOffsetDateTime(utc(ends))
              .addDouble(place == null ? null : place.getDouble("lat")).addDouble(place == null ? null : place.getDouble("lng"))
              .addInteger(place == null ? null : place.getInteger("radiusM")).addInteger(body.getInteger("capacity"))
              .addBuffer(Buffer.buffer(secret)).addUUID(caller.personId()).addOffsetDateTime(utc(clock.instant())));
    }).compose(v -> find(pool, id)).map(ActivityService::json);
  }

  /**
   * Activities not yet ended that are open to the caller: those of their chain (their org and every org above
   * it) and, for organisers, those of the orgs they run; soonest first, with whether the caller has signed up.
   */
  Future<JsonObject> upcoming(Caller caller) {
    java.util.List<UUID> run = caller.roles().stream().filter(g -> ORGANISERS.contains(g.role()) || g.role() == Role.ADMIN)
        .map(cn.zhibu.auth.RoleGrant::orgId).toList();
    return orgs.chain(caller).compose(chain -> pool.preparedQuery("""
            SELECT a.*, EXISTS (SELECT 1 FROM volunteer_signups s WHERE s.activity_id = a.id AND s.person_id = $3) AS mine
            FROM volunteer_activities a JOIN orgs o ON o.id = a.org_id
            WHERE a.ends_at > $4 AND (a.org_id = ANY($1) OR o.ancestry && $2)
            ORDER BY a.starts_at, a.id LIMIT 100
            """).execute(Tuple.tuple().addArrayOfUUID(chain.toArray(new UUID[0])).addArrayOfUUID(run.toArray(new UUID[0]))
            .addUUID(caller.personId()).addOffsetDateTime(utc(clock.instant()))))
        .map(rows -> {
          io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
          rows.forEach(row -> items.add(json(row).put("mine", row.getBoolean("mine"))));
          return new JsonObject().put("items", items);
        });
  }

  static JsonObject json(Row a) {
    JsonObject json = new JsonObject().put("id", a.getUUID("id").toString()).put("orgId", a.getUUID("org_id").toString())
        .put("title", a.getString("title")).put("startsAt", Times.format(a.getOffsetDateTime("starts_at")))
        .put("endsAt", Times.format(a.getOffsetDateTime("ends_at"))).put("capacity", a.getInteger("capacity"))
        .put("signedUp", a.getInteger("signed_up"));
    if (a.getValue("lat") != null) {
      json.put("location", new JsonObject().put("lat", a.getDouble("lat")).put("lng", a.getDouble("lng"))
          .put("radiusM", a.getInteger("radius_m")));
    }
    return json;
  }

  private static Future<Row> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM volunteer_activities WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The activity"))
            : Future.succeededFuture(rows.iterator().next()));
  }

  /** The activity, if its org is in the caller's chain or the caller organises there; else 404. */
  Future<Row> visible(Caller caller, UUID id) {
    return find(pool, id).compose(a -> orgs.chain(caller).compose(chain -> chain.contains(a.getUUID("org_id"))
        ? Future.succeededFuture(a)
        : orgs.find(a.getUUID("org_id")).compose(org -> Scope.covers(caller, org, Set.of(Role.ADMIN, Role.SECRETARY,
            Role.COMMITTEE)) ? Future.succeededFuture(a) : Future.failedFuture(ApiException.notFound("The activity")))));
  }

  private Future<Row> organised(Caller caller, UUID id) {
    return visible(caller, id).compose(a -> scope.require(caller, a.getUUID("org_id"), ORGANISERS).map(a));
  }

  /** A place, if there is room: the counter and the row change together, so the capacity holds under any load. */
  Future<JsonObject> signUp(Caller caller, UUID id) {
    return visible(caller, id).compose(a -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO volunteer_signups (activity_id, person_id, signed_up_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(id, caller.personId(), utc(clock.instant())))
        .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(false) : tx.preparedQuery("""
                UPDATE volunteer_activities SET signed_up = signed_up + 1
                WHERE id = $1 AND (capacity IS NULL OR signed_up < capacity)
                """).execute(Tuple.of(id)).compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture(true)
                : Future.failedFuture(ApiException.conflict("volunteer.full", "This activity is full"))))))
        .map(created -> new JsonObject().put("activityId", id.toString()).put("personId", caller.personId().toString())
            .put("signedUp", true).put("created", created));
  }

  Future<Void> cancel(Caller caller, UUID id) {
    return visible(caller, id).compose(a -> pool.withTransaction(tx -> tx.preparedQuery(
            "DELETE FROM volunteer_signups WHERE activity_id = $1 AND person_id = $2").execute(Tuple.of(id, caller.personId()))
        .compose(deleted -> deleted.rowCount() == 0 ? Future.succeededFuture()
            : tx.preparedQuery("UPDATE volunteer_activities SET signed_up = signed_up - 1 WHERE id = $1")
                .execute(Tuple.of(id)).mapEmpty())));
  }

  Future<JsonObject> currentCode(Caller caller, UUID id) {
    return organised(caller, id).map(a -> {
      CheckinCode code = code(a);
      Instant now = clock.instant();
      return new JsonObject().put("code", code.at(now)).put("expiresAt", Times.format(code.expiresAt(now)));
    });
  }

  private static CheckinCode code(Row a) {
    return new CheckinCode(a.getBuffer("code_secret").getBytes(), a.getUUID("id"), a.getInteger("code_step_seconds"));
  }

  /** Refusals shared by check-in and check-out: not signed up, outside the window, a bad code, too far. */
  private Future<Row> onSite(Caller caller, UUID id, String codeText, Double lat, Double lng, Instant now,
      boolean closing) {
    return visible(caller, id).compose(a -> pool.preparedQuery(
            "SELECT 1 FROM volunteer_signups WHERE activity_id = $1 AND person_id = $2").execute(Tuple.of(id, caller.personId()))
        .compose(signed -> {
          if (signed.size() == 0) {
            return Future.failedFuture(ApiException.unprocessable("volunteer.not_signed_up", "Sign up for this activity first"));
          }
          ApiException refused = OnSite.refusal(a.getOffsetDateTime("starts_at").toInstant().minus(OPENS_BEFORE),
              closing ? null : a.getOffsetDateTime("ends_at").toInstant(), code(a), codeText,
              a.getValue("lat") == null ? null : new OnSite.Place(a.getDouble("lat"), a.getDouble("lng"),
                  a.getInteger("radius_m")), lat, lng, now);
          if (refused != null) {
            return Future.failedFuture(refused);
          }
          return Future.succeededFuture(a);
        }));
  }

  /**
   * Opens the person's on-site record. Nobody is in two places at once: a record of theirs that is still open,
   * or that covers this moment, is an overlap (the same rule as for self-reports).
   */
  Future<JsonObject> checkIn(Caller caller, UUID id, String code, Double lat, Double lng) {
    Instant now = now();
    return onSite(caller, id, code, lat, lng, now, false).compose(a -> {
      return pool.withTransaction(tx -> RecordRepository.lockPerson(tx, caller.personId())
              .compose(v -> tx.preparedQuery("""
                  SELECT EXISTS (SELECT 1 FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
                                   AND activity_id IS DISTINCT FROM $2
                                   AND started_at < $4 AND coalesce(ended_at, 'infinity') > $3) AS overlaps
                  """).execute(Tuple.of(caller.personId(), id, utc(now), utc(a.getOffsetDateTime("ends_at").toInstant()))))
              .compose(rows -> rows.iterator().next().getBoolean("overlaps")
                  ? Future.failedFuture(ApiException.conflict("volunteer.overlap",
                      "You are checked in elsewhere at this time; check out there first"))
                  : tx.preparedQuery("""
                      INSERT INTO volunteer_records (id, person_id, activity_id, source, status, started_at, created_at)
                      VALUES ($1, $2, $3, 'onsite', 'open', $4, $4) ON CONFLICT DO NOTHING
                      """).execute(Tuple.of(UUID.randomUUID(), caller.personId(), id, utc(now)))))
          .compose(v -> record(caller.personId(), id));
    });
  }

  /** Hours are checkout − checkin, clipped to the activity's time; then the day's rules decide (see below). */
  Future<JsonObject> checkOut(Caller caller, UUID id, String code, Double lat, Double lng) {
    Instant now = now();
    return onSite(caller, id, code, lat, lng, now, true)
        .compose(a -> closeRecords(a, "AND person_id = $3", caller.personId(), now))
        .compose(v -> record(caller.personId(), id));
  }

  /** The organiser closes others' forgotten check-outs, never their own, at now or the activity's end. */
  Future<JsonObject> close(Caller caller, UUID id) {
    Instant now = now();
    return organised(caller, id).compose(a -> closeRecords(a, "AND person_id <> $3", caller.personId(), now).map(closed ->
        new JsonObject().put("activityId", id.toString()).put("closed", closed)));
  }

  /**
   * Closes open on-site records with the rules self-reports follow: a day's total over 8 h waits for an admin
   * of the org above, and no day counts more than 12 h; the organiser's own hours wait for someone else's
   * review. Everything else counts at once: the rotating code on site was the organiser's verification.
   */
  private Future<Integer> closeRecords(Row a, String who, UUID personId, Instant now) {
    Instant starts = a.getOffsetDateTime("starts_at").toInstant();
    Instant ends = a.getOffsetDateTime("ends_at").toInstant();
    Instant until = now.isBefore(ends) ? now : ends;
    UUID organiser = a.getUUID("created_by");
    return points.inTransaction(pool, (tx, awards) -> tx.preparedQuery("""
            SELECT id, person_id, started_at FROM volunteer_records
            WHERE activity_id = $1 AND source = 'onsite' AND status = 'open' AND $2::timestamptz IS NOT NULL
            """ + who + " ORDER BY person_id FOR UPDATE").execute(Tuple.of(a.getUUID("id"), utc(until), personId))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          int count = 0;
          for (Row r : rows) {
            count++;
            Instant started = r.getOffsetDateTime("started_at").toInstant();
            int minutes = HourRules.clippedMinutes(started, until, starts, ends);
            UUID recordId = r.getUUID("id");
            UUID person = r.getUUID("person_id");
            chain = chain.compose(v -> RecordRepository.lockPerson(tx, person))
                .compose(v -> RecordRepository.dayMinutes(tx, person, started, recordId))
                .compose(dayMinutes -> {
                  HourRules.Closing closing = HourRules.closing(dayMinutes, minutes, person.equals(organiser));
                  return tx.preparedQuery("""
                          UPDATE volunteer_records SET status = $2, ended_at = $3, minutes = $4,
                                 reviewed_at = CASE WHEN $2::text = 'approved' THEN $3::timestamptz END
                          WHERE id = $1
                          """).execute(Tuple.of(recordId, closing.status(), utc(until), closing.minutes()))
                      .compose(x -> "approved".equals(closing.status())
                          ? awards.add(hoursAward(person, recordId, closing.minutes())).mapEmpty()
                          : Future.succeededFuture());
                });
          }
          int closed = count;
          return chain.map(closed);
        }));
  }

  /** Approved hours: volunteer points (2 a whole hour, capped as the rules say) and the hours boards. */
  static Award hoursAward(UUID person, UUID recordId, int minutes) {
    return Award.of(person, PointRules.VOLUNTEER, "volunteer_record", recordId.toString())
        .withAmount(HourRules.points(minutes, PointRules.VOLUNTEER.defaultAmount), minutes);
  }

  private Future<JsonObject> record(UUID personId, UUID activityId) {
    return pool.preparedQuery("""
            SELECT id, status, started_at, ended_at, minutes FROM volunteer_records
            WHERE activity_id = $1 AND person_id = $2 AND source = 'onsite'
            """).execute(Tuple.of(activityId, personId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.unprocessable("volunteer.not_checked_in", "Check in first"))
            : Future.succeededFuture(rows.iterator().next()))
        .map(r -> {
          return new JsonObject().put("recordId", r.getUUID("id").toString()).put("status", r.getString("status"))
              .put("checkedInAt", Times.format(r.getOffsetDateTime("started_at")))
              .put("checkedOutAt", Times.format(r.getOffsetDateTime("ended_at")))
              .put("hours", Math.round(r.getInteger("minutes") * 100.0 / 60) / 100.0);
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
