namespace EddCloud.Edge.Http;

/// <summary>Where the request was sent, for the access log.</summary>
public sealed record EdgeUpstream(string Destination);
