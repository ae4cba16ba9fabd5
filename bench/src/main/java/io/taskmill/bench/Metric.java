package io.taskmill.bench;

/**
 * One line of BENCHMARKS.md.
 *
 * @param ratio  taskmill / reference, or NaN where there is no reference
 * @param target what the issue asks, in words
 * @param met    null where there is no target
 */
record Metric(String name, double taskmill, String unit, double reference, String referenceName, double ratio,
              String target, Boolean met) {

    static Metric of(String name, double taskmill, String unit, double reference, String referenceName, String target,
                     Boolean met) {
        double ratio = reference > 0 && !Double.isNaN(reference) ? taskmill / reference : Double.NaN;
        return new Metric(name, taskmill, unit, reference, referenceName, ratio, target, met);
    }
}
