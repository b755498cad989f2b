package io.github.sessionbridge.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/** One row of {@link VersusBenchmark}'s table: a target and the ratio measured in each round. */
final class VersusRow {
    final String measure;
    final String target;
    final DoublePredicate pass;
    final List<Double> rounds = new ArrayList<>();
    /** The same comparison by CPU seconds per byte moved (baseline / library), which a loaded machine disturbs less. */
    final List<Double> cpuRounds = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String skipped;

    VersusRow(String measure, String target, DoublePredicate pass) {
        this.measure = measure;
        this.target = target;
        this.pass = pass;
    }

    void add(double ratio, String note) {
        rounds.add(ratio);
        notes.add(note);
        System.out.printf(Locale.ROOT, "  %s, round %d: %.2f%s  (%s)%n", measure, rounds.size() - 1, ratio, target.endsWith("B") ? " B" : "x", note);
    }

    void addCpu(double ratio) {
        cpuRounds.add(ratio);
    }

    String cpuWarm() {
        if (cpuRounds.isEmpty()) {
            return "-";
        }
        List<Double> w = cpuRounds.size() > 1 ? cpuRounds.subList(1, cpuRounds.size()) : cpuRounds;
        double[] v = w.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%.2fx", v[v.length / 2]);
    }

    String cold() {
        return rounds.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx", rounds.get(0));
    }

    double warm() {
        if (rounds.size() < 2) {
            return rounds.isEmpty() ? Double.NaN : rounds.get(0);
        }
        double[] w = rounds.subList(1, rounds.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return w[w.length / 2];
    }
}
