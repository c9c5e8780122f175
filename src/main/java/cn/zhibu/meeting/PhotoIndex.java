package cn.zhibu.meeting;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The 台账's index of meeting photos and files: one row per file of the year's meetings in the subtree, with a
 * link that opens it in the web console (photos are kept with the meeting and shown only to those who may see
 * it, so the link asks for a login rather than handing the photo to whoever holds the workbook).
 */
public final class PhotoIndex {
  private final AttachmentRepository files;
  private final Scope scope;
  private final String publicUrl;

  PhotoIndex(AttachmentRepository files, Scope scope, String publicUrl) {
    this.files = files;
    this.scope = scope;
    this.publicUrl = publicUrl == null ? "" : publicUrl;
  }

  /** The sheet for the calendar year {@code year}; the caller must be a secretary or admin over the org. */
  public Future<Consumer<Spreadsheet>> sheet(Caller caller, UUID orgId, int year, String name, String title) {
    var from = LocalDate.of(year, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime();
    var to = LocalDate.of(year + 1, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> files.ofSubtree(org.id(), from, to))
        .map(rows -> book -> write(book, rows, name, title));
  }

  private void write(Spreadsheet book, List<AttachmentRepository.Indexed> rows, String name, String title) {
    Spreadsheet.Table sheet = book.table(name, title,
        List.of("会议时间", "组织", "会议类型", "会议名称", "文件名", "文件类型", "大小（KB）", "上传时间", "查看"));
    for (AttachmentRepository.Indexed f : rows) {
      String path = "/console/?attachment=" + f.id();
      Object open = publicUrl.isEmpty() ? path : new Spreadsheet.Link(publicUrl + path, "在工作台中查看");
      sheet.row(f.startsAt(), f.org(), EventTypes.LABELS.getOrDefault(f.type(), f.type()), f.title(), f.name(),
          "application/pdf".equals(f.contentType()) ? "PDF" : "照片", Math.round(f.size() / 102.4) / 10.0, f.uploadedAt(),
          open);
    }
    sheet.note(rows.isEmpty() ? "本期会议没有上传照片或文件。"
        : "共 " + rows.size() + " 个文件。照片和文件随会议保存在系统中，点“查看”登录工作台后打开（只有本组织及上级的书记、管理员可以查看）。");
  }
}
