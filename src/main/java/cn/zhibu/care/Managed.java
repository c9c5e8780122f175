package cn.zhibu.care;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Org;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import io.vertx.core.Future;
import java.util.UUID;

/** Who may keep a person's care records: the secretaries and admins over their branch; for anyone else they do not exist. */
final class Managed {
  private Managed() {
  }

  /** The person's branch, if the caller manages it; 404 otherwise (a member's hardship is not news to others). */
  static Future<Org> home(ContactRepository people, Scope scope, Caller caller, UUID personId) {
    return people.homeOf(personId).compose(home -> home == null
        ? Future.failedFuture(ApiException.notFound("The person"))
        : scope.require(caller, home, Role.MANAGERS).recover(refused -> Future.failedFuture(
            refused instanceof ApiException api && api.status() == 403 ? ApiException.notFound("The person") : refused)));
  }
}
