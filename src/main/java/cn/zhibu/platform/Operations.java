package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** A feature's handlers, by the contract's operationId. */
public interface Operations {
  Map<String, Handler<RoutingContext>> handlers();
}
