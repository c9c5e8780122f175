package cn.zhibu.course;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of courses as published and shown: the course, its lessons, and the caller's progress on them. */
final class CourseRepository {
  /** A course as stored; {@code quiz} holds the answers and never leaves the server as it is. */
  record Course(UUID id, UUID orgId, String title, BigDecimal creditHours, JsonObject quiz) {
  }

  /** A lesson as published. */
  record Lesson(String title, int durationSeconds, String mediaUrl) {
  }

  /** A lesson with the caller's progress ({@code Course.lessons}). */
  record LessonProgress(UUID id, String title, int durationSeconds, String mediaUrl, int creditedSeconds,
      boolean completed) {
  }

  /** The caller's quiz attempts on a course, and whether the course is complete for them. */
  record Standing(long attempts, boolean passed, boolean completed) {
  }

  private final Pool pool;

  CourseRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(SqlClient tx, Course course, UUID author, List<Lesson> lessons, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO courses (id, org_id, author_id, title, credit_hours, quiz, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.tuple().addUUID(course.id()).addUUID(course.orgId()).addUUID(author)
            .addString(course.title()).addValue(course.creditHours()).addValue(course.quiz()).addOffsetDateTime(utc(at)))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO lessons (id, course_id, position, title, duration_seconds, media_url)
            SELECT gen_random_uuid(), $1, t.position, t.title, t.duration, t.url
            FROM unnest($2::int[], $3::text[], $4::int[], $5::text[]) AS t(position, title, duration, url)
            """).execute(Tuple.of(course.id(),
            java.util.stream.IntStream.range(0, lessons.size()).boxed().toArray(Integer[]::new),
            lessons.stream().map(Lesson::title).toArray(String[]::new),
            lessons.stream().map(Lesson::durationSeconds).toArray(Integer[]::new),
            lessons.stream().map(Lesson::mediaUrl).toArray(String[]::new))))
        .mapEmpty();
  }

  /** The course, or null. */
  Future<Course> find(UUID id) {
    return pool.preparedQuery("SELECT id, org_id, title, credit_hours, quiz FROM courses WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row c = rows.iterator().next();
          return new Course(c.getUUID("id"), c.getUUID("org_id"), c.getString("title"), c.getBigDecimal("credit_hours"),
              c.getValue("quiz") instanceof JsonObject quiz ? quiz : null);
        });
  }

  /** Courses of the orgs in {@code chain}, newest first, a page at a time, with the person's progress. */
  Future<Page<CourseService.Listed>> page(UUID person, List<UUID> chain, Cursor.Newest after, int limit) {
    return pool.preparedQuery("""
            SELECT c.id, c.title, c.credit_hours, c.org_id, c.created_at, c.quiz IS NOT NULL AS has_quiz,
                   (SELECT count(*) FROM lessons l WHERE l.course_id = c.id) AS lessons,
                   (SELECT count(*) FROM lessons l JOIN lesson_progress p ON p.lesson_id = l.id AND p.person_id = $1
                     WHERE l.course_id = c.id AND p.completed_at IS NOT NULL) AS lessons_done,
                   EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = c.id AND cc.person_id = $1) AS done
            FROM courses c WHERE c.org_id = ANY($2) AND (c.created_at, c.id) < ($3, $4)
            ORDER BY c.created_at DESC, c.id DESC LIMIT $5
            """).execute(Tuple.of(person, chain.toArray(UUID[]::new), after.utc(), after.id(), limit + 1))
        .map(rows -> Page.ofRows(rows, limit, row -> new CourseService.Listed(row.getUUID("id"), row.getString("title"),
            row.getBigDecimal("credit_hours").doubleValue(), row.getUUID("org_id"), row.getBoolean("has_quiz"),
            new CourseService.Progress(row.getLong("lessons"), row.getLong("lessons_done"), row.getBoolean("done"))),
            row -> Cursor.newest(row, "created_at")));
  }

  Future<List<LessonProgress>> lessons(UUID courseId, UUID person) {
    return pool.preparedQuery("""
            SELECT l.id, l.position, l.title, l.duration_seconds, l.media_url,
                   coalesce(p.credited_seconds, 0) AS credited, p.completed_at
            FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.person_id = $2
            WHERE l.course_id = $1 ORDER BY l.position
            """).execute(Tuple.of(courseId, person))
        .map(rows -> {
          List<LessonProgress> lessons = new ArrayList<>(rows.size());
          for (Row l : rows) {
            lessons.add(new LessonProgress(l.getUUID("id"), l.getString("title"), l.getInteger("duration_seconds"),
                l.getString("media_url"), l.getInteger("credited"), l.getValue("completed_at") != null));
          }
          return lessons;
        });
  }

  Future<Standing> standing(UUID courseId, UUID person) {
    return pool.preparedQuery("""
            SELECT count(*) AS attempts, bool_or(passed) AS passed,
                   EXISTS (SELECT 1 FROM course_completions WHERE course_id = $1 AND person_id = $2) AS done
            FROM quiz_attempts WHERE course_id = $1 AND person_id = $2
            """).execute(Tuple.of(courseId, person))
        .map(rows -> {
          Row a = rows.iterator().next();
          return new Standing(a.getLong("attempts"), Boolean.TRUE.equals(a.getBoolean("passed")), a.getBoolean("done"));
        });
  }
}
