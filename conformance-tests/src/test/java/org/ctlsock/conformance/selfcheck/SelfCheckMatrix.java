package org.ctlsock.conformance.selfcheck;

import java.util.List;

/** The self-check's matrix, as Markdown: implementation × outcome, and the clauses caught. */
final class SelfCheckMatrix {
    private SelfCheckMatrix() {
    }

    static String render(List<SelfCheckResult> results, long seconds, int parallel, int tries, String seed,
            String smoke, String leftoverCheck) {
        StringBuilder md = new StringBuilder("# Fixtures self-check\n\n");
        long wrong = results.stream().filter(SelfCheckResult::wrong).count();
        long skipped = results.stream().filter(SelfCheckResult::skipped).count();
        md.append("The standalone kit (`ctlsock-conformance.jar`) against every implementation in `fixtures/` and the "
                + "reference server: ").append(results.size()).append(" runs, ").append(wrong).append(" judged wrongly, ")
                .append(skipped).append(" skipped, ").append(seconds).append(" s in all (").append(parallel)
                .append(" runs at a time, ")
                .append(tries).append(" tries per property, ").append(seed)
                .append("). A broken server runs with its own clauses plus `")
                .append(smoke).append("`, `--strict`, and no expected failures; the clauses its descriptor lists as "
                + "following from the defect are shown, not required. After each run, what it left behind is a wrong "
                + "verdict; checked: ").append(leftoverCheck).append(".\n\n");
        md.append("| implementation | kind | kit exit | verdict | clauses it breaks | caught | no case yet | other failures "
                + "| KNOWN-FAIL | listed as consequences | time |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SelfCheckResult r : results) {
            List<String> others = r.failed().stream().filter(f -> !r.target().breaks().contains(f)).toList();
            md.append("| ").append(r.target().name()).append(" | ").append(r.target().kind().name().toLowerCase())
                    .append(" | ").append(r.status() < 0 ? "—" : Integer.toString(r.status())).append(" | ")
                    .append(r.verdict().replace("|", "\\|")).append(" | ").append(list(r.target().breaks()))
                    .append(" | ").append(list(r.caught())).append(" | ").append(list(r.noCase())).append(" | ")
                    .append(list(others)).append(" | ").append(list(r.known())).append(" | ")
                    .append(list(r.target().consequences())).append(" | ")
                    .append(String.format("%.1f s", r.millis() / 1000.0)).append(" |\n");
        }
        return md.toString();
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "" : String.join(", ", l);
    }
}
