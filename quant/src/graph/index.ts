// @bullpen/quant/graph — correlation networks on graphology: threshold graphs, minimum spanning
// trees, centralities, Louvain communities, spectral embedding. Browser-safe (graphology is plain JS).
// indexGraph and the seeded generator are internal.
export {
  buildCorrelationGraph,
  type CorrelationEdge,
  type CorrelationGraph,
  correlationDistance,
  correlationGraphFromReturns,
} from "./build.ts";
export {
  averageClustering,
  betweennessCentrality,
  closenessCentrality,
  clusteringCoefficients,
  connectedComponents,
  degreeCentrality,
  eigenvectorCentrality,
  eigenvectorCentralityExact,
  graphDensity,
  type NodeValues,
  nodeDegrees,
  PowerIterationError,
} from "./centrality.ts";
export { type LouvainResult, louvainCommunities, modularity } from "./communities.ts";
export { type SpectralEmbedding, spectralEmbedding } from "./embedding.ts";
export { correlationMst, type ForestEdge, minimumSpanningForest } from "./mst.ts";
