package cn.zhibu.notice;

import cn.zhibu.auth.Caller;
import cn.zhibu.org.Org;
import cn.zhibu.org.OrgDirectory;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who a notice reaches: everyone on a roster inside a target's subtree. A person's "chain" is their branch
 * and every org above it (or, for staff on no roster, the orgs of their roles and above): a notice reaches
 * them when one of its targets is in their chain.
 */
final class Audience {
  /** People reached by a notice, as SQL over {@code $1} = notice id. */
  static final String RECIPIENTS = """
      SELECT p.id, p.number, p.name, p.openid FROM persons p
      JOIN orgs o ON o.id = p.org_id
      WHERE p.anonymised_at IS NULL
        AND EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = $1 AND t.org_id = ANY(o.ancestry))
      """;

  private final OrgDirectory orgs;

  Audience(OrgDirectory orgs) {
    this.orgs = orgs;
  }

  Future<List<UUID>> chain(Caller caller) {
    return orgs.chain(caller);
  }

  /** Drops targets that sit inside another target: the subtree is already reached. */
  static List<Org> disjoint(List<Org> targets) {
    List<Org> kept = new ArrayList<>();
    for (Org target : targets) {
      boolean covered = targets.stream().anyMatch(other -> other != target && !other.id().equals(target.id())
          && target.isWithin(other.id()));
      boolean duplicate = kept.stream().anyMatch(k -> k.id().equals(target.id()));
      if (!covered && !duplicate) {
        kept.add(target);
      }
    }
    return kept;
  }
}
