package cn.zhibu.course;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Publishing courses and showing them, with the caller's progress, to the people they target. */
final class CourseService {
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Clock clock;

  CourseService(Pool pool, Scope scope, OrgDirectory orgs, Clock clock) {
    this.pool = pool;
    this.scope = scope;
    this.orgs = orgs;
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, JsonObject body) {
    UUID orgId = UUID.fromString(body.getString("orgId"));
    JsonObject quiz = body.getJsonObject("quiz");
    String problem = quiz == null ? null : Quiz.problem(quiz);
    if (problem != null) {
      return Future.failedFuture(ApiException.unprocessable("course.invalid_quiz", problem));
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    JsonArray lessons = body.getJsonArray("lessons");
    long lessonSeconds = lessons.stream().mapToLong(l -> ((JsonObject) l).getInteger("durationSeconds")).sum();
    BigDecimal most = StudyCredit.maxCreditHours(lessonSeconds);
    if (BigDecimal.valueOf(body.getDouble("creditHours")).compareTo(most) > 0) {
      return Future.failedFuture(ApiException.unprocessable("course.credit_exceeds_length",
          "These lessons take " + lessonSeconds / 60 + " minutes, worth at most " + most.toPlainString()
              + " credit hours (one credit hour is 45 minutes of lessons)"));
    }
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO courses (id, org_id, author_id, title, credit_hours, quiz, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.tuple().addUUID(id).addUUID(org.id()).addUUID(caller.personId())
                .addString(body.getString("title").strip()).addValue(BigDecimal.valueOf(body.getDouble("creditHours")))
                .addValue(quiz).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO lessons (id, course_id, position, title, duration_seconds, media_url)
            SELECT gen_random_uuid(), $1, t.position, t.title, t.duration, t.url
            FROM unnest($2::int[], $3::text[], $4::int[], $5::text[]) AS t(position, title, duration, url)
            """).execute(Tuple.of(id,
                java.util.stream.IntStream.range(0, lessons.size()).boxed().toArray(Integer[]::new),
                lessons.stream().map(l -> ((JsonObject) l).getString("title")).toArray(String[]::new),
                lessons.stream().map(l -> ((JsonObject) l).getInteger("durationSeconds")).toArray(Integer[]::new),
                lessons.stream().map(l -> ((JsonObject) l).getString("mediaUrl")).toArray(String[]::new)))))
        .compose(v -> get(caller, id)));
  }

  /** One course in the list ({@code CourseListItem}): what it is worth and how far the caller has got. */
  record Listed(UUID id, String title, double creditHours, UUID orgId, boolean hasQuiz, Progress progress) {
  }

  /** The caller's progress through a course. */
  record Progress(long lessons, long lessonsCompleted, boolean completed) {
  }

  /** Courses published to any org of the caller's chain, newest first, with the caller's progress. */
  Future<Page<Listed>> list(Caller caller, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    return orgs.chain(caller).compose(chain -> pool.preparedQuery("""
            SELECT c.id, c.title, c.credit_hours, c.org_id, c.created_at, c.quiz IS NOT NULL AS has_quiz,
                   (SELECT count(*) FROM lessons l WHERE l.course_id = c.id) AS lessons,
                   (SELECT count(*) FROM lessons l JOIN lesson_progress p ON p.lesson_id = l.id AND p.person_id = $1
                     WHERE l.course_id = c.id AND p.completed_at IS NOT NULL) AS lessons_done,
                   EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = c.id AND cc.person_id = $1) AS done
            FROM courses c WHERE c.org_id = ANY($2) AND (c.created_at, c.id) < ($3, $4)
            ORDER BY c.created_at DESC, c.id DESC LIMIT $5
            """).execute(Tuple.of(caller.personId(), chain.toArray(UUID[]::new), after.utc(),
            after.id(), limit + 1)))
        .map(rows -> Page.ofRows(rows, limit, row -> new Listed(row.getUUID("id"), row.getString("title"),
            row.getBigDecimal("credit_hours").doubleValue(), row.getUUID("org_id"), row.getBoolean("has_quiz"),
            new Progress(row.getLong("lessons"), row.getLong("lessons_done"), row.getBoolean("done"))),
            row -> Cursor.newest(row, "created_at")));
  }

  /** One course with its lessons, the caller's progress and the quiz questions (never the answers). */
  Future<JsonObject> get(Caller caller, UUID id) {
    return visible(caller, id).compose(course -> pool.preparedQuery("""
            SELECT l.id, l.position, l.title, l.duration_seconds, l.media_url,
                   coalesce(p.credited_seconds, 0) AS credited, p.completed_at
            FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.person_id = $2
            WHERE l.course_id = $1 ORDER BY l.position
            """).execute(Tuple.of(id, caller.personId()))
        .compose(lessons -> pool.preparedQuery("""
                SELECT count(*) AS attempts, bool_or(passed) AS passed,
                       EXISTS (SELECT 1 FROM course_completions WHERE course_id = $1 AND person_id = $2) AS done
                FROM quiz_attempts WHERE course_id = $1 AND person_id = $2
                """).execute(Tuple.of(id, caller.personId()))
            .map(attempts -> {
              JsonArray lessonList = new JsonArray();
              for (Row l : lessons) {
                lessonList.add(new JsonObject().put("id", l.getUUID("id").toString()).put("title", l.getString("title"))
                    .put("durationSeconds", l.getInteger("duration_seconds")).put("mediaUrl", l.getString("media_url"))
                    .put("creditedSeconds", l.getInteger("credited"))
                    .put("completed", l.getValue("completed_at") != null));
              }
              Row a = attempts.iterator().next();
              JsonObject json = new JsonObject().put("id", id.toString()).put("title", course.getString("title"))
                  .put("orgId", course.getUUID("org_id").toString())
                  .put("creditHours", course.getBigDecimal("credit_hours").doubleValue())
                  .put("lessons", lessonList).put("completed", a.getBoolean("done"));
              Object quiz = course.getValue("quiz");
              if (quiz instanceof JsonObject q) {
                json.put("quiz", Quiz.forPhone(q).put("attemptsUsed", a.getLong("attempts"))
                    .put("passed", Boolean.TRUE.equals(a.getBoolean("passed"))));
              }
              return json;
            })));
  }

  /** The course row if its org is in the caller's chain, or the caller manages it; else 404. */
  Future<Row> visible(Caller caller, UUID id) {
    return pool.preparedQuery("SELECT id, org_id, title, credit_hours, quiz FROM courses WHERE id = $1")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("The course"));
          }
          Row course = rows.iterator().next();
          return orgs.chain(caller).compose(chain -> chain.contains(course.getUUID("org_id"))
              ? Future.succeededFuture(course)
              : orgs.find(course.getUUID("org_id")).compose(org -> Scope.covers(caller, org, Role.MANAGERS)
                  ? Future.succeededFuture(course) : Future.failedFuture(ApiException.notFound("The course"))));
        });
  }

  static String format(Instant instant) {
    return Times.format(instant);
  }
}
