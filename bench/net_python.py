#!/usr/bin/python3
"""Network measures in python-igraph or NetworkX: one measure, one process.

    /usr/bin/python3 bench/net_python.py TOOL MEASURE EDGEFILE REPS OUT [K]

TOOL: igraph | networkx (the Debian packages python3-igraph 0.10.2 and
python3-networkx 2.8.8, whose pagerank needs python3-scipy).  Reads an
edge file written by bench/prepare.lua (not timed), then makes one call
(`first`) and REPS timed calls of the library's own function for the
measure, with the arguments that make it compute what diplomat computes:

  pagerank     damping 0.85, weights (python-igraph: PRPACK)
  betweenness  directed, lengths = cost = 1 / weight, not normalised
  constraint   Burt's constraint with weights (NaN for isolates -> 0)
  leiden       python-igraph: community_leiden as CPM with node weights =
               strengths and resolution 1 / 2m (= modularity), one
               iteration at a time until the partition stops changing or
               modularity stops rising (at most 50), as diplomat does;
               NetworkX 2.8 has no Leiden
  louvain      community_multilevel / louvain_communities (seed 1),
               resolution 1, weights

With K (NetworkX, betweenness and constraint only), the full computation
would take minutes to hours, so only a sample is timed and the time is
scaled to all actors: betweenness from K sources chosen at random
(betweenness_centrality(k=K): its time is proportional to the sources),
constraint of K actors chosen at random (constraint(nodes=...): each
actor is computed on its own).  The BENCH line then says estimated=1 and
nothing is written to OUT.

Prints the BENCH line of bench/timing.lua (wall: time.perf_counter, cpu:
time.process_time) and writes the values (communities: modularity and
count) to OUT.
"""
import math
import random
import resource
import sys
import time


def read_edges(path):
    with open(path) as f:
        n, m, directed = (int(x) for x in f.readline().split())
        edges, weights = [], []
        for line in f:
            u, v, w = line.split()
            edges.append((int(u), int(v)))
            weights.append(float(w))
    return n, directed == 1, edges, weights


def igraph_tool(measure, n, directed, edges, weights):
    import igraph as ig

    g = ig.Graph(n=n, edges=edges, directed=directed)
    g.es["weight"] = weights
    g.es["cost"] = [1.0 / w for w in weights]
    random.seed(1)  # python-igraph draws from Python's random module

    def leiden():
        random.seed(1)
        strength = g.strength(weights="weight", loops=True)
        twom = sum(strength)
        kw = dict(objective_function="CPM", weights="weight",
                  resolution_parameter=1.0 / twom, beta=0.01,
                  node_weights=strength,
                  n_iterations=1)
        c = g.community_leiden(**kw)
        quality = g.modularity(c.membership, weights="weight")
        for _ in range(49):
            last = c.membership
            c = g.community_leiden(initial_membership=last, **kw)
            q = g.modularity(c.membership, weights="weight")
            if c.membership == last or not q > quality + 1e-12 * abs(quality):
                break
            quality = q
        return communities(c.membership)

    def louvain():
        random.seed(1)
        c = g.community_multilevel(weights="weight", resolution=1)
        return communities(c.membership)

    def communities(membership):
        return [g.modularity(membership, weights="weight"),
                len(set(membership))]

    calls = {
        "pagerank": lambda: g.pagerank(directed=directed, damping=0.85,
                                       weights="weight",
                                       implementation="prpack"),
        "betweenness": lambda: g.betweenness(directed=directed,
                                             weights="cost"),
        "constraint": lambda: [0.0 if math.isnan(x) else x
                               for x in g.constraint(weights="weight")],
        "leiden": leiden,
        "louvain": louvain,
    }
    return calls[measure]


def networkx_tool(measure, n, directed, edges, weights, k=None):
    import networkx as nx

    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((u, v, w) for (u, v), w in zip(edges, weights))
    for u, v, d in G.edges(data=True):
        d["cost"] = 1.0 / d["weight"]

    def ordered(d):
        return [d[i] for i in range(n)]

    def louvain():
        parts = nx.community.louvain_communities(G, weight="weight",
                                                 resolution=1, seed=1)
        return [nx.community.modularity(G, parts, weight="weight"),
                len(parts)]

    calls = {
        "pagerank": lambda: ordered(nx.pagerank(G, alpha=0.85,
                                                weight="weight")),
        "betweenness": lambda: ordered(nx.betweenness_centrality(
            G, weight="cost", normalized=False)),
        "constraint": lambda: [0.0 if math.isnan(x) else x for x in
                               ordered(nx.constraint(G, weight="weight"))],
        "louvain": louvain,
    }
    if k is not None:
        rng = random.Random(1)
        sample = rng.sample(range(n), k)
        calls = {
            "betweenness": lambda: nx.betweenness_centrality(
                G, k=k, seed=1, weight="cost", normalized=False),
            "constraint": lambda: nx.constraint(G, nodes=sample,
                                                weight="weight"),
        }
    if measure not in calls:
        sys.exit("net_python: networkx has no " + measure)
    return calls[measure]


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (resource.getpagesize() // 1024)


def main():
    tool, measure, path, reps, out = sys.argv[1:6]
    k = int(sys.argv[6]) if len(sys.argv) > 6 else None
    t = time.perf_counter()
    n, directed, edges, weights = read_edges(path)
    if tool == "igraph":
        call = igraph_tool(measure, n, directed, edges, weights)
    else:
        call = networkx_tool(measure, n, directed, edges, weights, k)
    scale = n / k if k else 1
    del edges, weights
    load = time.perf_counter() - t
    base = rss_kb()
    t = time.perf_counter()
    result = call()
    first = time.perf_counter() - t
    wall, cpu = [], []
    for _ in range(int(reps)):
        result = None
        w, c = time.perf_counter(), time.process_time()
        result = call()
        cpu.append("%.6f" % ((time.process_time() - c) * scale))
        wall.append("%.6f" % ((time.perf_counter() - w) * scale))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if k:
        print("BENCH first=%.6f wall=%s cpu=%s rss_kb=%d base_kb=%d "
              "load=%.6f estimated=1 sample=%d"
              % (first * scale, ",".join(wall), ",".join(cpu), peak, base,
                 load, k))
        return
    with open(out, "w") as f:
        if measure in ("leiden", "louvain"):
            f.write("%.17g\n%d\n" % (result[0], result[1]))
        else:
            f.write("".join("%.17g\n" % x for x in result))
    print("BENCH first=%.6f wall=%s cpu=%s rss_kb=%d base_kb=%d load=%.6f"
          % (first, ",".join(wall), ",".join(cpu), peak, base, load))


if __name__ == "__main__":
    main()
