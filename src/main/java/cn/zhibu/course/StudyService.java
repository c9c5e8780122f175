package cn.zhibu.course;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Study time the server can vouch for: sessions, heartbeats, quizzes, and course completion. Every write is
 * one transaction holding the person's lock, so concurrent heartbeats cannot credit the same seconds twice.
 */
final class StudyService {
  private final Pool pool;
  private final CourseService courses;
  private final Points points;
  private final Clock clock;

  StudyService(Pool pool, CourseService courses, Points points, Clock clock) {
    this.pool = pool;
    this.courses = courses;
    this.points = points;
    this.clock = clock;
  }

  /** Opens a session on a lesson; any other session of the person stops earning from now on. */
  Future<JsonObject> start(Caller caller, UUID lessonId) {
    UUID id = UUID.randomUUID();
    Instant now = now();
    return pool.preparedQuery("SELECT course_id FROM lessons WHERE id = $1").execute(Tuple.of(lessonId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The lesson"))
            : courses.visible(caller, rows.iterator().next().getUUID("course_id")))
        .compose(course -> pool.withTransaction(tx -> tx.preparedQuery(
                "UPDATE study_sessions SET active = false WHERE person_id = $1 AND active")
            .execute(Tuple.of(caller.personId()))
            .compose(v -> tx.preparedQuery("""
                INSERT INTO study_sessions (id, person_id, lesson_id, started_at, last_beat_at) VALUES ($1, $2, $3, $4, $4)
                """).execute(Tuple.of(id, caller.personId(), lessonId, utc(now))))))
        .map(v -> new JsonObject().put("sessionId", id.toString()).put("lessonId", lessonId.toString())
            .put("startedAt", Times.format(now)));
  }

  Future<JsonObject> heartbeat(Caller caller, UUID sessionId, int position) {
    Instant now = now();
    // All heartbeats of one person run one at a time (whatever the session or phone), and each reads the
    // session and the progress in a statement that starts after the lock is held, so it sees the last commit.
    return points.inTransaction(pool, (tx, awards) -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 17))")
        .execute(Tuple.of(caller.personId().toString()))
        .compose(locked -> tx.preparedQuery("""
                SELECT s.person_id, s.lesson_id, s.last_beat_at, s.last_position, s.active, l.duration_seconds, l.course_id,
                       coalesce(p.credited_seconds, 0) AS credited, p.completed_at
                FROM study_sessions s JOIN lessons l ON l.id = s.lesson_id
                LEFT JOIN lesson_progress p ON p.person_id = s.person_id AND p.lesson_id = s.lesson_id
                WHERE s.id = $1
                """).execute(Tuple.of(sessionId)))
        .compose(rows -> {
          if (rows.size() == 0 || !caller.personId().equals(rows.iterator().next().getUUID("person_id"))) {
            return Future.failedFuture(ApiException.notFound("The study session"));
          }
          Row s = rows.iterator().next();
          if (!s.getBoolean("active")) {
            return Future.failedFuture(ApiException.conflict("study.session_replaced",
                "Another session of yours is studying now; this one no longer earns time"));
          }
          int duration = s.getInteger("duration_seconds");
          int clamped = Math.min(position, duration);
          long wall = Duration.between(s.getOffsetDateTime("last_beat_at").toInstant(), now).getSeconds();
          int credit = StudyCredit.credit(wall, s.getInteger("last_position"), clamped, duration, s.getInteger("credited"));
          int total = s.getInteger("credited") + credit;
          boolean wasComplete = s.getValue("completed_at") != null;
          boolean complete = wasComplete || StudyCredit.complete(total, duration);
          UUID lessonId = s.getUUID("lesson_id");
          return tx.preparedQuery("UPDATE study_sessions SET last_beat_at = $2, last_position = $3 WHERE id = $1")
              .execute(Tuple.of(sessionId, utc(now), clamped))
              .compose(v -> tx.preparedQuery("""
                  INSERT INTO lesson_progress (person_id, lesson_id, credited_seconds, completed_at) VALUES ($1, $2, $3, $4)
                  ON CONFLICT (person_id, lesson_id) DO UPDATE SET credited_seconds = $3,
                    completed_at = coalesce(lesson_progress.completed_at, $4)
                  """).execute(Tuple.of(caller.personId(), lessonId, total, complete ? utc(now) : null)))
              .compose(v -> complete && !wasComplete
                  ? awards.add(Award.of(caller.personId(), PointRules.STUDY, "lesson", lessonId.toString()))
                      .compose(entry -> completeCourseIfDone(tx, caller.personId(), s.getUUID("course_id"), now, awards))
                  : Future.succeededFuture())
              .map(v -> new JsonObject().put("creditedSeconds", credit).put("lessonCreditedSeconds", total)
                  .put("completed", complete));
        }));
  }

  /**
   * A course is complete when every lesson is and its quiz (if any) is passed; its credit hours then count
   * for the Asia/Shanghai year of completion, and its hours go to the study-hours boards.
   */
  private Future<Void> completeCourseIfDone(SqlClient tx, UUID personId, UUID courseId, Instant now,
      Points.Awards awards) {
    return tx.preparedQuery("""
            SELECT c.credit_hours,
                   (SELECT count(*) FROM lessons l WHERE l.course_id = c.id) AS lessons,
                   (SELECT coalesce(sum(l.duration_seconds), 0) FROM lessons l WHERE l.course_id = c.id) AS seconds,
                   (SELECT count(*) FROM lessons l JOIN lesson_progress p ON p.lesson_id = l.id AND p.person_id = $2
                     WHERE l.course_id = c.id AND p.completed_at IS NOT NULL) AS done,
                   c.quiz IS NULL OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.course_id = c.id AND q.person_id = $2
                     AND q.passed) AS quiz_ok
            FROM courses c WHERE c.id = $1
            """).execute(Tuple.of(courseId, personId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getLong("done") < row.getLong("lessons") || !row.getBoolean("quiz_ok")) {
            return Future.succeededFuture();
          }
          // Courses published before the bound existed are held to it here: credit never outruns lesson time.
          BigDecimal hours = row.getBigDecimal("credit_hours").min(StudyCredit.maxCreditHours(row.getLong("seconds")));
          int year = now.atZone(Times.SCHOOL_ZONE).getYear();
          return tx.preparedQuery("""
                  INSERT INTO course_completions (person_id, course_id, completed_at, year, credit_hours)
                  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
                  """).execute(Tuple.of(personId, courseId, utc(now), year, hours))
              .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture()
                  : awards.add(Award.of(personId, PointRules.STUDY, "course", courseId.toString())
                      .withAmount(0, hours.multiply(BigDecimal.valueOf(60)).intValue())).mapEmpty());
        });
  }

  /** Scored on the server; attempts are limited, and counted exactly under concurrency. */
  Future<JsonObject> attempt(Caller caller, UUID courseId, List<Integer> answers) {
    Instant now = now();
    return courses.visible(caller, courseId).compose(course -> {
      if (!(course.getValue("quiz") instanceof JsonObject quiz)) {
        return Future.failedFuture(ApiException.unprocessable("course.no_quiz", "This course has no quiz"));
      }
      int score = Quiz.score(quiz, answers);
      boolean passed = score >= Quiz.passScore(quiz);
      return points.inTransaction(pool, (tx, awards) -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 11))")
              .execute(Tuple.of(caller.personId() + ":" + courseId))
              .compose(v -> tx.preparedQuery("SELECT count(*) FROM quiz_attempts WHERE course_id = $1 AND person_id = $2")
                  .execute(Tuple.of(courseId, caller.personId())))
              .compose(rows -> {
                long used = rows.iterator().next().getLong(0);
                if (used >= Quiz.maxAttempts(quiz)) {
                  return Future.failedFuture(ApiException.unprocessable("quiz.no_attempts_left",
                      "No quiz attempts left for this course"));
                }
                return tx.preparedQuery("""
                        INSERT INTO quiz_attempts (id, course_id, person_id, score, passed, at) VALUES ($1, $2, $3, $4, $5, $6)
                        """).execute(Tuple.of(UUID.randomUUID(), courseId, caller.personId(), score, passed, utc(now)))
                    .compose(v -> passed ? completeCourseIfDone(tx, caller.personId(), courseId, now, awards)
                        : Future.succeededFuture())
                    .map(v -> new JsonObject().put("score", score).put("passed", passed)
                        .put("attemptsLeft", Quiz.maxAttempts(quiz) - used - 1));
              }));
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
