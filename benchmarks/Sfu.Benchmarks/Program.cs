using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Sfu.Benchmarks.MetricsBenchmarks).Assembly).Run(args);
