package cn.zhibu.course;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import com.fasterxml.jackson.annotation.JsonInclude;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Publishing courses and showing them, with the caller's progress, to the people they target. */
final class CourseService {
  /** One course in the list ({@code CourseListItem}): what it is worth and how far the caller has got. */
  record Listed(UUID id, String title, double creditHours, UUID orgId, boolean hasQuiz, Progress progress) {
  }

  /** The caller's progress through a course. */
  record Progress(long lessons, long lessonsCompleted, boolean completed) {
  }

  /** {@code Course}: its lessons with the caller's progress, and the quiz as a phone may see it (no answers). */
  record Detail(UUID id, String title, UUID orgId, double creditHours, boolean completed,
      List<CourseRepository.LessonProgress> lessons, @JsonInclude(JsonInclude.Include.NON_NULL) JsonObject quiz) {
  }

  private final Pool pool;
  private final CourseRepository courses;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Clock clock;

  CourseService(Pool pool, CourseRepository courses, Scope scope, OrgDirectory orgs, Clock clock) {
    this.pool = pool;
    this.courses = courses;
    this.scope = scope;
    this.orgs = orgs;
    this.clock = clock;
  }

  /** A course with its lessons; its credit hours are bounded by the lessons' length (45 minutes an hour). */
  /** What a secretary or admin publishes (the contract has checked it); the quiz is kept as JSON, answers included. */
  record Draft(UUID orgId, String title, double creditHours, List<CourseRepository.Lesson> lessons, JsonObject quiz) {
  }

  Future<Detail> create(Caller caller, Draft body) {
    UUID orgId = body.orgId();
    JsonObject quiz = body.quiz();
    String problem = quiz == null ? null : Quiz.problem(quiz);
    if (problem != null) {
      return Future.failedFuture(ApiException.unprocessable("course.invalid_quiz", problem));
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<CourseRepository.Lesson> lessons = body.lessons();
    long lessonSeconds = lessons.stream().mapToLong(CourseRepository.Lesson::durationSeconds).sum();
    BigDecimal most = StudyCredit.maxCreditHours(lessonSeconds);
    BigDecimal credit = BigDecimal.valueOf(body.creditHours());
    if (credit.compareTo(most) > 0) {
      return Future.failedFuture(ApiException.unprocessable("course.credit_exceeds_length",
          "These lessons take " + lessonSeconds / 60 + " minutes, worth at most " + most.toPlainString()
              + " credit hours (one credit hour is 45 minutes of lessons)"));
    }
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> pool.withTransaction(tx -> courses.insert(tx, new CourseRepository.Course(id, org.id(),
            body.title().strip(), credit, quiz), caller.personId(), lessons, now)))
        .compose(v -> get(caller, id));
  }

  /** Courses published to any org of the caller's chain, newest first, with the caller's progress. */
  Future<Page<Listed>> list(Caller caller, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    return orgs.chain(caller).compose(chain -> courses.page(caller.personId(), chain, after, limit));
  }

  /** One course with its lessons, the caller's progress and the quiz questions (never the answers). */
  Future<Detail> get(Caller caller, UUID id) {
    return visible(caller, id).compose(course -> courses.lessons(id, caller.personId())
        .compose(lessons -> courses.standing(id, caller.personId()).map(standing -> new Detail(id, course.title(),
            course.orgId(), course.creditHours().doubleValue(), standing.completed(), lessons,
            course.quiz() == null ? null : Quiz.forPhone(course.quiz()).put("attemptsUsed", standing.attempts())
                .put("passed", standing.passed())))));
  }

  /** The course if its org is in the caller's chain, or the caller manages it; else 404. */
  Future<CourseRepository.Course> visible(Caller caller, UUID id) {
    return courses.find(id).compose(course -> {
      if (course == null) {
        return Future.failedFuture(ApiException.notFound("The course"));
      }
      return orgs.chain(caller).compose(chain -> chain.contains(course.orgId())
          ? Future.succeededFuture(course)
          : orgs.find(course.orgId()).compose(org -> Scope.covers(caller, org, Role.MANAGERS)
              ? Future.succeededFuture(course) : Future.failedFuture(ApiException.notFound("The course"))));
    });
  }
}
