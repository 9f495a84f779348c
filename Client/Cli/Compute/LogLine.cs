namespace EddCloud.Cli.Compute;

/// <summary>One line a container wrote; <see cref="Stream"/> is "stdout" or "stderr".</summary>
public sealed record LogLine(DateTimeOffset Time, string Stream, string Text);
