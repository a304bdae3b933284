package io.memefusion.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CsvTest {
  @Test
  void textASpreadsheetWouldRunAsAFormulaIsNeutralised() {
    assertThat(Csv.field("=HYPERLINK(\"http://x\",\"click\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
    assertThat(Csv.field("+cmd|' /C calc'!A0")).isEqualTo("\"'+cmd|' /C calc'!A0\"");
    assertThat(Csv.field("-2+3")).isEqualTo("\"'-2+3\"");
    assertThat(Csv.field("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
    assertThat(Csv.field("\t=1")).isEqualTo("\"'\t=1\"");
    // plain text and numbers stay as they are; negative numbers stay numbers
    assertThat(Csv.field("early_fusion")).isEqualTo("early_fusion");
    assertThat(Csv.field("01234")).isEqualTo("01234");
    assertThat(Csv.field("-0.013")).isEqualTo("-0.013");
    assertThat(Csv.field("-1.5E-4")).isEqualTo("-1.5E-4");
    assertThat(Csv.field("+7")).isEqualTo("+7");
    assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
  }

  @Test
  void analysisTablesNeutraliseTextCellsAndKeepNumbers() {
    AnalysisTables.Table t =
        new AnalysisTables.Table(
            "t",
            "caption",
            List.of("model", "=delta", "auroc"),
            List.of(List.of("=1+1", "-0.021", "0.7"), List.of("text", "−0.5", "-3")),
            "");
    assertThat(AnalysisTables.csv(t))
        .isEqualTo("model,\"'=delta\",auroc\n\"'=1+1\",-0.021,0.7\ntext,−0.5,-3\n");
  }
}
