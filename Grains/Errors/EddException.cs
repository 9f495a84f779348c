namespace EddCloud.Grains.Errors;

/// <summary>
/// A domain error that crosses grain calls. <see cref="Code"/> is stable (like Npgsql's SqlState):
/// the API maps it to an HTTP status and clients may switch on it.
/// </summary>
[GenerateSerializer, Alias("edd.error")]
public sealed class EddException : Exception
{
    public EddException(string code, string message, string? field = null) : base(message)
    {
        Code = code;
        Field = field;
    }

    public EddException() : this(ErrorCodes.Validation, "The request is not valid.") { }

    public EddException(string message) : this(ErrorCodes.Validation, message) { }

    public EddException(string message, Exception innerException) : base(message, innerException)
    {
        Code = ErrorCodes.Validation;
    }

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    [Id(0)] public string Code { get; }

    /// <summary>The input field the error is about, when there is one.</summary>
    [Id(1)] public string? Field { get; }

    public static EddException Validation(string field, string message) => new(ErrorCodes.Validation, message, field);
    public static EddException NotFound(string message) => new(ErrorCodes.NotFound, message);
    public static EddException Conflict(string message, string? field = null) => new(ErrorCodes.Conflict, message, field);
    public static EddException Unauthorized(string message) => new(ErrorCodes.Unauthorized, message);
    public static EddException Forbidden(string message) => new(ErrorCodes.Forbidden, message);
}
