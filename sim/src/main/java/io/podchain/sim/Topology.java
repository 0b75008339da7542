package io.podchain.sim;

import java.util.Random;

/**
 * Where the nodes are and what lies between them: a one-way latency per pair of nodes and each node's upload and
 * download bandwidth. {@code cluster}: one region, 0.2-1 ms links, 10 Gbit/s per pod (a cloud's nodes in one
 * zone). {@code wan}: SimBlock's 2019 tables (dsg-titech/simblock, {@code settings/NetworkConfiguration.java}):
 * Bitcoin's 2019 share of nodes per region, the mean latency between and within six regions, and each region's
 * upload and download bandwidth; each pair's latency is drawn once within ±10 % of its regions' mean.
 */
final class Topology {
    static final String[] REGIONS = {"NORTH_AMERICA", "EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC", "JAPAN",
        "AUSTRALIA"};
    /** SimBlock's LATENCY_2019, milliseconds. */
    private static final long[][] LATENCY_2019 = {
        {32, 124, 184, 198, 151, 189},
        {124, 11, 227, 237, 252, 294},
        {184, 227, 88, 325, 301, 322},
        {198, 237, 325, 85, 58, 198},
        {151, 252, 301, 58, 12, 126},
        {189, 294, 322, 198, 126, 16}};
    /** SimBlock's UPLOAD_BANDWIDTH_2019 within each region, bit/s. */
    private static final long[] UPLOAD_2019 = {19_200_000, 20_700_000, 5_800_000, 15_700_000, 10_200_000, 11_300_000};
    /** SimBlock's DOWNLOAD_BANDWIDTH_2019 within each region, bit/s. */
    private static final long[] DOWNLOAD_2019 = {52_000_000, 40_000_000, 18_000_000, 22_800_000, 22_800_000,
        29_900_000};
    /** SimBlock's REGION_DISTRIBUTION_BITCOIN_2019. */
    private static final double[] REGION_SHARE_2019 = {0.3316, 0.4998, 0.0090, 0.1177, 0.0224, 0.0195};
    private static final long CLUSTER_BANDWIDTH = 10_000_000_000L;

    private final String name;
    private final int[] region;
    private final long seed;
    private final int nodes;

    private Topology(String name, int[] region, long seed) {
        this.name = name;
        this.region = region;
        this.seed = seed;
        this.nodes = region.length;
    }

    static Topology of(String name, int nodes, Random random, long seed) {
        int[] region = new int[nodes];
        if (name.equals("wan")) {
            for (int i = 0; i < nodes; i++) {
                double draw = random.nextDouble();
                int r = 0;
                for (double cumulative = REGION_SHARE_2019[0]; draw > cumulative && r < REGIONS.length - 1; ) {
                    cumulative += REGION_SHARE_2019[++r];
                }
                region[i] = r;
            }
        } else if (!name.equals("cluster")) {
            throw new IllegalArgumentException("--topology is cluster or wan, not " + name);
        }
        return new Topology(name, region, seed);
    }

    String name() {
        return name;
    }

    int region(int node) {
        return region[node];
    }

    /** One-way latency from {@code a} to {@code b} (the same both ways), nanoseconds; drawn from the pair alone. */
    long latencyNanos(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        double unit = new Random(seed ^ (low * 0x9E3779B97F4A7C15L + high)).nextDouble();
        if (name.equals("cluster")) {
            return (long) ((0.2 + 0.8 * unit) * 1_000_000);
        }
        double mean = LATENCY_2019[region[a]][region[b]];
        return (long) (mean * (0.9 + 0.2 * unit) * 1_000_000);
    }

    long uploadBitsPerSecond(int node) {
        return name.equals("cluster") ? CLUSTER_BANDWIDTH : UPLOAD_2019[region[node]];
    }

    long downloadBitsPerSecond(int node) {
        return name.equals("cluster") ? CLUSTER_BANDWIDTH : DOWNLOAD_2019[region[node]];
    }

    int size() {
        return nodes;
    }
}
