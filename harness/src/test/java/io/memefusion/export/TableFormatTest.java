package io.memefusion.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TableFormatTest {
  @Test
  void latexEscapesEverySpecialCharacter() {
    assertThat(TableFormat.tex("a\\b&c%d$e#f_g{h}i~j^k<l>"))
        .isEqualTo(
            "a\\textbackslash{}b\\&c\\%d\\$e\\#f\\_g\\{h\\}i\\textasciitilde{}j\\textasciicircum{}k\\textless{}l\\textgreater{}");
  }
}
