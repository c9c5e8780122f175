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
  static final String RECIPIENTS = recipients("$1");

  /** People reached by the notice that {@code notice} (a parameter or a column) names, as SQL ending in WHERE. */
  static String recipients(String notice) {
    return """
        SELECT p.id, p.number, p.name, p.openid FROM persons p
        JOIN orgs o ON o.id = p.org_id
        WHERE p.anonymised_at IS NULL
          AND EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = %s AND t.org_id = ANY(o.ancestry))
        """.formatted(notice);
  }

  /**
   * Who is expected to read a notice: the people it reaches who have bound (someone who never logged in cannot
   * read it; they are counted apart), never its author.
   */
  static String readers(String notice) {
    return recipients(notice) + " AND p.openid IS NOT NULL AND p.id <> (SELECT author_id FROM notices WHERE id = "
        + notice + ")";
  }

  /** The people a notice reaches who have never bound. */
  static String unbound(String notice) {
    return recipients(notice) + " AND p.openid IS NULL";
  }

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
