package cn.zhibu.course;


import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
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
  /** {@code StudySession}: a session opened on a lesson. */
  record Opened(UUID sessionId, UUID lessonId, String startedAt) {
  }

  /** {@code StudyProgress}: what this beat credited, the lesson's total, and whether the lesson is complete. */
  record Beat(int creditedSeconds, int lessonCreditedSeconds, boolean completed) {
  }

  /** {@code QuizResult}. */
  record Scored(int score, boolean passed, long attemptsLeft) {
  }

  private final Pool pool;
  private final StudyRepository study;
  private final CourseService courses;
  private final Points points;
  private final Clock clock;

  StudyService(Pool pool, StudyRepository study, CourseService courses, Points points, Clock clock) {
    this.pool = pool;
    this.study = study;
    this.courses = courses;
    this.points = points;
    this.clock = clock;
  }

  /** Opens a session on a lesson; any other session of the person stops earning from now on. */
  Future<Opened> start(Caller caller, UUID lessonId) {
    UUID id = UUID.randomUUID();
    Instant now = now();
    return study.courseOfLesson(lessonId)
        .compose(course -> course == null ? Future.failedFuture(ApiException.notFound("The lesson"))
            : courses.visible(caller, course))
        .compose(course -> pool.withTransaction(tx -> study.openSession(tx, id, caller.personId(), lessonId, now)))
        .map(v -> new Opened(id, lessonId, Times.format(now)));
  }

  /**
   * Credits the seconds since the last beat that the video really played (see {@link StudyCredit}). All heartbeats
   * of one person run one at a time, whatever the session or phone.
   */
  Future<Beat> heartbeat(Caller caller, UUID sessionId, int position) {
    Instant now = now();
    return points.inTransaction(pool, (tx, awards) -> StudyRepository.lockPerson(tx, caller.personId())
        .compose(locked -> study.session(tx, sessionId))
        .compose(s -> {
          if (s == null || !caller.personId().equals(s.personId())) {
            return Future.failedFuture(ApiException.notFound("The study session"));
          }
          if (!s.active()) {
            return Future.failedFuture(ApiException.conflict("study.session_replaced",
                "Another session of yours is studying now; this one no longer earns time"));
          }
          int clamped = Math.min(position, s.durationSeconds());
          long wall = Duration.between(s.lastBeatAt(), now).getSeconds();
          int credit = StudyCredit.credit(wall, s.lastPosition(), clamped, s.durationSeconds(), s.credited());
          int total = s.credited() + credit;
          boolean complete = s.completed() || StudyCredit.complete(total, s.durationSeconds());
          return study.beat(tx, sessionId, s, now, clamped, total, complete)
              .compose(v -> complete && !s.completed()
                  ? awards.add(Award.of(caller.personId(), PointRules.STUDY, "lesson", s.lessonId().toString()))
                      .compose(entry -> completeCourseIfDone(tx, caller.personId(), s.courseId(), now, awards))
                  : Future.succeededFuture())
              .map(v -> new Beat(credit, total, complete));
        }));
  }

  /**
   * A course is complete when every lesson is and its quiz (if any) is passed; its credit hours then count
   * for the Asia/Shanghai year of completion, and its hours go to the study-hours boards.
   */
  private Future<Void> completeCourseIfDone(SqlClient tx, UUID personId, UUID courseId, Instant now,
      Points.Awards awards) {
    return study.standing(tx, courseId, personId).compose(c -> {
      if (c.lessonsDone() < c.lessons() || !c.quizOk()) {
        return Future.succeededFuture();
      }
      // Courses published before the bound existed are held to it here: credit never outruns lesson time.
      BigDecimal hours = c.creditHours().min(StudyCredit.maxCreditHours(c.lessonSeconds()));
      return study.complete(tx, personId, courseId, now, now.atZone(Times.SCHOOL_ZONE).getYear(), hours)
          .compose(completed -> !completed ? Future.succeededFuture()
              : awards.add(Award.of(personId, PointRules.STUDY, "course", courseId.toString())
                  .withAmount(0, hours.multiply(BigDecimal.valueOf(60)).intValue())).mapEmpty());
    });
  }

  /** Scored on the server; attempts are limited, and counted exactly under concurrency. */
  Future<Scored> attempt(Caller caller, UUID courseId, List<Integer> answers) {
    Instant now = now();
    return courses.visible(caller, courseId).compose(course -> {
      JsonObject quiz = course.quiz();
      if (quiz == null) {
        return Future.failedFuture(ApiException.unprocessable("course.no_quiz", "This course has no quiz"));
      }
      int score = Quiz.score(quiz, answers);
      boolean passed = score >= Quiz.passScore(quiz);
      return points.inTransaction(pool, (tx, awards) -> StudyRepository.lockQuiz(tx, caller.personId(), courseId)
          // The quiz examines what was studied: taken before the lessons are done it would only burn an attempt.
          .compose(v -> study.standing(tx, courseId, caller.personId()))
          .compose(standing -> standing.lessonsDone() < standing.lessons()
              ? Future.<Long>failedFuture(ApiException.unprocessable("quiz.lessons_incomplete",
                  "Finish the course's lessons before its quiz"))
              : study.attemptsUsed(tx, courseId, caller.personId()))
          .compose(used -> {
            if (used >= Quiz.maxAttempts(quiz)) {
              return Future.failedFuture(ApiException.unprocessable("quiz.no_attempts_left",
                  "No quiz attempts left for this course"));
            }
            return study.recordAttempt(tx, courseId, caller.personId(), score, passed, now)
                .compose(v -> passed ? completeCourseIfDone(tx, caller.personId(), courseId, now, awards)
                    : Future.succeededFuture())
                .map(v -> new Scored(score, passed, Quiz.maxAttempts(quiz) - used - 1));
          }));
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
