package cn.zhibu.course;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A course quiz: questions with options and the index of the right one. Scored only on the server. */
final class Quiz {
  static final int DEFAULT_PASS_SCORE = 60;
  static final int DEFAULT_MAX_ATTEMPTS = 3;

  private Quiz() {
  }

  /** What is wrong with a quiz as published, or null. */
  static String problem(JsonObject quiz) {
    JsonArray questions = quiz.getJsonArray("questions");
    if (questions == null || questions.isEmpty()) {
      return "A quiz needs at least one question";
    }
    for (int i = 0; i < questions.size(); i++) {
      JsonObject q = questions.getJsonObject(i);
      JsonArray options = q.getJsonArray("options");
      Integer answer = q.getInteger("answer");
      if (options == null || options.size() < 2 || answer == null || answer < 0 || answer >= options.size()) {
        return "Question " + (i + 1) + " needs at least two options and the index of the right one";
      }
    }
    return null;
  }

  /** The quiz as the phone may see it: questions and options, no answers. */
  static JsonObject forPhone(JsonObject quiz) {
    JsonArray questions = new JsonArray();
    quiz.getJsonArray("questions").forEach(o -> {
      JsonObject q = (JsonObject) o;
      questions.add(new JsonObject().put("question", q.getString("question")).put("options", q.getJsonArray("options")));
    });
    return new JsonObject().put("questions", questions).put("passScore", passScore(quiz))
        .put("maxAttempts", maxAttempts(quiz));
  }

  /** Percentage of right answers (0-100, rounded down). */
  static int score(JsonObject quiz, List<Integer> answers) {
    JsonArray questions = quiz.getJsonArray("questions");
    int right = 0;
    for (int i = 0; i < questions.size(); i++) {
      Integer given = i < answers.size() ? answers.get(i) : null;
      if (given != null && given.equals(questions.getJsonObject(i).getInteger("answer"))) {
        right++;
      }
    }
    return right * 100 / questions.size();
  }

  static int passScore(JsonObject quiz) {
    return quiz.getInteger("passScore", DEFAULT_PASS_SCORE);
  }

  static int maxAttempts(JsonObject quiz) {
    return quiz.getInteger("maxAttempts", DEFAULT_MAX_ATTEMPTS);
  }
}
