package cn.zhibu.auth;

import java.util.Set;

/** A role held in one org. {@code member} means a party member (probationary or full) of that org. */
public enum Role {
  MEMBER, COMMITTEE, DEPUTY_SECRETARY, SECRETARY, ADMIN;

  /** Who decides an org's business (approvals, rosters, dues, notices): its secretaries and admins. */
  public static final Set<Role> MANAGERS = Set.of(ADMIN, SECRETARY);
  /**
   * An org's elected leaders: its 支委会 at a branch, its 班子 at a college or the school. They organise its
   * events, sit its 支委会, and are held to 56 学时 (seed 002 §6). The same set is {@code leader_role()} in SQL (V35).
   */
  public static final Set<Role> TEAM = Set.of(SECRETARY, DEPUTY_SECRETARY, COMMITTEE);
  /** Who follows an org's work (lists, reports): its leaders as well as admins. */
  public static final Set<Role> LEADERS = Set.of(ADMIN, SECRETARY, DEPUTY_SECRETARY, COMMITTEE);

  public String wire() {
    return name().toLowerCase();
  }

  public static Role fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
