package cn.zhibu.course;

import static cn.zhibu.platform.Times.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Every query of study time: sessions and heartbeats, lesson progress, quiz attempts and course completion. */
final class StudyRepository {
  /** A session as a heartbeat finds it, with its lesson and the person's progress on it. */
  record Session(UUID personId, UUID lessonId, UUID courseId, Instant lastBeatAt, int lastPosition, boolean active,
      int durationSeconds, int credited, boolean completed) {
  }

  /** How far a person is through a course, to decide whether it is complete. */
  record CourseStanding(BigDecimal creditHours, long lessons, long lessonSeconds, long lessonsDone, boolean quizOk) {
  }

  private final Pool pool;

  StudyRepository(Pool pool) {
    this.pool = pool;
  }

  /** The course a lesson belongs to, or null. */
  Future<UUID> courseOfLesson(UUID lessonId) {
    return pool.preparedQuery("SELECT course_id FROM lessons WHERE id = $1").execute(Tuple.of(lessonId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("course_id"));
  }

  /** Opens a session on a lesson; the person's other sessions stop earning. */
  /** One active session a person: two phones starting at once take turns (the later one replaces the earlier). */
  Future<Void> openSession(SqlClient tx, UUID id, UUID personId, UUID lessonId, Instant at) {
    return lockPerson(tx, personId)
        .compose(locked -> tx.preparedQuery("UPDATE study_sessions SET active = false WHERE person_id = $1 AND active")
            .execute(Tuple.of(personId)))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO study_sessions (id, person_id, lesson_id, started_at, last_beat_at) VALUES ($1, $2, $3, $4, $4)
            """).execute(Tuple.of(id, personId, lessonId, utc(at))))
        .mapEmpty();
  }

  /**
   * Serialises one person's study writes: every heartbeat (whatever the session or phone) reads after the
   * lock is held, so it sees the last commit.
   */
  static Future<Void> lockPerson(SqlClient tx, UUID personId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 17))")
        .execute(Tuple.of(personId.toString())).mapEmpty();
  }

  /** Serialises one person's attempts at one quiz, so the number of attempts holds. */
  static Future<Void> lockQuiz(SqlClient tx, UUID personId, UUID courseId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 11))")
        .execute(Tuple.of(personId + ":" + courseId)).mapEmpty();
  }

  /** The session, or null. */
  Future<Session> session(SqlClient tx, UUID id) {
    return tx.preparedQuery("""
            SELECT s.person_id, s.lesson_id, s.last_beat_at, s.last_position, s.active, l.duration_seconds, l.course_id,
                   coalesce(p.credited_seconds, 0) AS credited, p.completed_at
            FROM study_sessions s JOIN lessons l ON l.id = s.lesson_id
            LEFT JOIN lesson_progress p ON p.person_id = s.person_id AND p.lesson_id = s.lesson_id
            WHERE s.id = $1
            """).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row s = rows.iterator().next();
          return new Session(s.getUUID("person_id"), s.getUUID("lesson_id"), s.getUUID("course_id"),
              s.getOffsetDateTime("last_beat_at").toInstant(), s.getInteger("last_position"), s.getBoolean("active"),
              s.getInteger("duration_seconds"), s.getInteger("credited"), s.getValue("completed_at") != null);
        });
  }

  /** A heartbeat: the session's last beat, and the lesson's credited seconds (completed once, never undone). */
  Future<Void> beat(SqlClient tx, UUID sessionId, Session s, Instant at, int position, int credited, boolean complete) {
    return tx.preparedQuery("UPDATE study_sessions SET last_beat_at = $2, last_position = $3 WHERE id = $1")
        .execute(Tuple.of(sessionId, utc(at), position))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO lesson_progress (person_id, lesson_id, credited_seconds, completed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (person_id, lesson_id) DO UPDATE SET credited_seconds = $3,
              completed_at = coalesce(lesson_progress.completed_at, $4)
            """).execute(Tuple.of(s.personId(), s.lessonId(), credited, complete ? utc(at) : null)))
        .mapEmpty();
  }

  Future<CourseStanding> standing(SqlClient tx, UUID courseId, UUID personId) {
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
        .map(rows -> {
          Row row = rows.iterator().next();
          return new CourseStanding(row.getBigDecimal("credit_hours"), row.getLong("lessons"), row.getLong("seconds"),
              row.getLong("done"), row.getBoolean("quiz_ok"));
        });
  }

  /** Records the completion once; answers whether this call did. */
  Future<Boolean> complete(SqlClient tx, UUID personId, UUID courseId, Instant at, int year, BigDecimal hours) {
    return tx.preparedQuery("""
            INSERT INTO course_completions (person_id, course_id, completed_at, year, credit_hours)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
            """).execute(Tuple.of(personId, courseId, utc(at), year, hours)).map(inserted -> inserted.rowCount() > 0);
  }

  Future<Long> attemptsUsed(SqlClient tx, UUID courseId, UUID personId) {
    return tx.preparedQuery("SELECT count(*) FROM quiz_attempts WHERE course_id = $1 AND person_id = $2")
        .execute(Tuple.of(courseId, personId)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Void> recordAttempt(SqlClient tx, UUID courseId, UUID personId, int score, boolean passed, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO quiz_attempts (id, course_id, person_id, score, passed, at) VALUES ($1, $2, $3, $4, $5, $6)
            """).execute(Tuple.of(UUID.randomUUID(), courseId, personId, score, passed, utc(at))).mapEmpty();
  }
}
