namespace EddCloud.Silo.Hosting.Processes;

/// <summary>The last lines a child process wrote, for error messages that explain why it died.</summary>
internal sealed class OutputTail
{
    private const int Capacity = 20;
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();

    public void Add(string line)
    {
        lock (gate)
        {
            lines.Enqueue(line);
            if (lines.Count > Capacity)
            {
                lines.Dequeue();
            }
        }
    }

    public string Text()
    {
        lock (gate)
        {
            return lines.Count == 0 ? "(none)" : string.Join(" | ", lines);
        }
    }
}
