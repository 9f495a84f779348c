using System.Net;

namespace EddCloud.Cli.Http;

/// <summary>The server answered with a non-success status. <see cref="Problem"/> is its problem+json body when it sent one.</summary>
public sealed class ApiException : Exception
{
    public ApiException(HttpStatusCode status, ApiProblem? problem, string? rawProblemJson, Uri? location = null, TimeSpan? retryAfter = null)
        : base(problem?.Detail ?? problem?.Title ?? $"the server answered {(int)status} {status}")
    {
        Status = status;
        Problem = problem;
        RawProblemJson = rawProblemJson;
        Location = location;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    public ApiProblem? Problem { get; }

    /// <summary>The body exactly as sent, when it was JSON; <c>--json</c> passes it on untouched.</summary>
    public string? RawProblemJson { get; }

    /// <summary>Where a 3xx answer pointed (redirects are not followed, so a bearer token never leaves for another host).</summary>
    public Uri? Location { get; }

    public TimeSpan? RetryAfter { get; }
}
