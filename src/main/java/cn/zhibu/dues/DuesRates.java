package cn.zhibu.dues;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The monthly amount a member pays from their category and monthly base, by the rate table (dues_rates; the
 * default is 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): students and members without income 0.20
 * yuan a month; employed members 0.5 %, 1 %, 1.5 % or 2 % of the base by band; retired members 0.5 % or 1 %).
 * Amounts are in fen, rounded half up to the fen.
 */
public final class DuesRates {
  /** One band: bases up to {@code upToFen} (null: any) pay {@code permille} of the base, or {@code flatFen}. */
  public record Band(String category, Long upToFen, Integer permille, Integer flatFen) {
  }

  private final List<Band> bands;

  public DuesRates(List<Band> bands) {
    this.bands = bands.stream().sorted((a, b) -> a.upToFen() == null ? 1 : b.upToFen() == null ? -1
        : Long.compare(a.upToFen(), b.upToFen())).toList();
  }

  public List<Band> bands() {
    return bands;
  }

  /** The monthly amount, or null when the category needs a base and none is given. */
  public Integer monthlyDue(String category, Long baseFen) {
    for (Band band : bands) {
      if (!band.category().equals(category)) {
        continue;
      }
      if (band.flatFen() != null) {
        return band.flatFen();
      }
      if (baseFen == null) {
        return null;
      }
      if (band.upToFen() == null || baseFen <= band.upToFen()) {
        return BigDecimal.valueOf(baseFen).multiply(BigDecimal.valueOf(band.permille()))
            .divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_UP).intValueExact();
      }
    }
    return null;
  }
}
