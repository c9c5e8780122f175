package cn.zhibu.review;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** The 民主评议 operations of the contract. */
public final class ReviewRoutes implements Operations {
  private final ReviewService reviews;

  ReviewRoutes(ReviewService reviews) {
    this.reviews = reviews;
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    Map<String, Handler<RoutingContext>> handlers = new java.util.HashMap<>(Map.of(
        // 群众评议: the invitations a secretary hands out, and the ballot a code casts (no login: anonymous)
        "inviteReviewers", ctx -> Respond.with(ctx, 201, reviews.invite(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getInteger("count"))),
        "getPublicReview", ctx -> Respond.with(ctx, reviews.publicRound(Input.clientIp(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "code"))),
        "castPublicBallot", ctx -> Respond.noContent(ctx, reviews.publicBallot(Input.clientIp(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getString("code"), Input.body(ctx).getJsonArray("ratings")))));
    handlers.putAll(Map.of(
        "createReview", ctx -> {
          JsonObject b = Input.body(ctx);
          Respond.with(ctx, 201, reviews.create(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"), b.getInteger("year"),
              b.getString("opensAt"), b.getString("closesAt")));
        },
        "listOrgReviews", ctx -> Respond.with(ctx, reviews.ofOrg(Caller.of(ctx), Input.id(ctx, "id"))),
        "listMyReviews", ctx -> Respond.with(ctx, reviews.mine(Caller.of(ctx))),
        "getReview", ctx -> Respond.with(ctx, reviews.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "submitSelfAssessment", ctx -> Respond.noContent(ctx, reviews.self(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getString("text"))),
        "castBallot", ctx -> Respond.noContent(ctx, reviews.ballot(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getJsonArray("ratings"), Input.body(ctx).getString("committeeGrade"))),
        "setReviewGrades", ctx -> Respond.with(ctx, reviews.grades(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getJsonArray("grades"))),
        "getReviewResults", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "review-results.xlsx", reviews.results(Caller.of(ctx), Input.id(ctx, "id"))
                .compose(results -> ctx.vertx().executeBlocking(() -> sheet(results), false)));
          } else {
            Respond.with(ctx, reviews.results(Caller.of(ctx), Input.id(ctx, "id")));
          }
        }));
    return handlers;
  }

  /** The results a branch hands upwards: tallies per member and the grade; never who voted how. */
  static io.vertx.core.buffer.Buffer sheet(Reviews.Results results) {
    return Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("民主评议", List.of("姓名", "优秀", "合格", "基本合格", "不合格", "评定等次"));
      // While the round is open there are no tallies to write: turnout only (see ReviewService.results).
      results.people().forEach(p -> sheet.row(Reviews.cells(p)));
      sheet.note("参评 " + results.members() + " 人，投票 " + results.ballots() + " 人");
    });
  }
}
