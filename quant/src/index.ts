// @bullpen/quant: pure numerical kernels. No I/O, no database, no network.
export {};
