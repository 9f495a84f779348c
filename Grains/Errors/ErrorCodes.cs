namespace EddCloud.Grains.Errors;

/// <summary>The stable error codes of <see cref="EddException"/> and of the API's problem documents.</summary>
public static class ErrorCodes
{
    public const string Validation = "validation";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Unavailable = "unavailable";
    /// <summary>The container engine refused or failed an order (its own message says why).</summary>
    public const string EngineFailed = "engine_failed";
    public const string Internal = "internal";
    public const string RangeNotSatisfiable = "range_not_satisfiable";
    public const string QuotaExceeded = "quota_exceeded";
    public const string PreconditionFailed = "precondition_failed";
}
