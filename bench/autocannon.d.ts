// The parts of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Histogram { p50: number; p99: number; max: number; average: number }
  interface Result { requests: Histogram & { total: number }; latency: Histogram; non2xx: number; errors: number }
  interface Options { url: string; connections?: number; overallRate?: number; duration?: number; headers?: Record<string, string> }
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): unknown;
  namespace autocannon { export type { Result, Options } }
  export default autocannon;
}
