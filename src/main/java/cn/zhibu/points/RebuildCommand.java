package cn.zhibu.points;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.platform.Config;
import cn.zhibu.platform.Database;
import cn.zhibu.platform.Redis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** {@code java -jar zhibu.jar rebuild-leaderboards}: rebuilds every current board from the ledger, then exits. */
public final class RebuildCommand {
  private RebuildCommand() {
  }

  public static Future<Integer> run(Vertx vertx, Config config) {
    return Database.migrate(vertx, config).map(n -> Database.pool(vertx, config, "zhibu-rebuild")).compose(pool -> Redis.connect(vertx, config).compose(redis ->
        new Boards(pool, redis, new OrgDirectory(pool), Clock.systemUTC()).rebuild()
            .andThen(ar -> redis.close().onComplete(x -> pool.close()))));
  }
}
