package cn.zhibu.platform;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;

/** A font family on this machine that draws Chinese (services.sh installs WenQuanYi), for the PNGs zhibu draws. */
public final class ChineseFont {
  public static final String FAMILY = Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment()
          .getAvailableFontFamilyNames())
      .filter(name -> new Font(name, Font.PLAIN, 12).canDisplayUpTo("党组织关系介绍信志愿服务证明") == -1)
      .findFirst().orElse(Font.SANS_SERIF);

  private ChineseFont() {
  }
}
