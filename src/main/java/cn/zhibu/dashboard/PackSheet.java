package cn.zhibu.dashboard;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.WorkbookExport;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * A sheet another feature adds to the 台账 pack (党费, 发展党员): it checks the caller over the org itself, reads
 * its records and writes its sheet into {@code book}. Wired in {@code Features}, so no feature depends on the pack.
 */
@FunctionalInterface
public interface PackSheet {
  /** {@code year} is the year of the pack's last month; {@code title} names the org and the period. */
  Future<Void> addTo(WorkbookExport book, Caller caller, UUID orgId, int year, String title);
}
