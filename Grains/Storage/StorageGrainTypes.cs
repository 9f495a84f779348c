using System.Collections.Immutable;

namespace EddCloud.Grains.Storage;

// The records Storage's grains pass to each other and to the silo (Orleans-serialized, stored in grain state); the HTTP wire types are the silo's StorageApiTypes.

/// <summary>Who may read a namespace (docs/api.md, "Who may do what").</summary>
public enum Visibility
{
    /// <summary>The owner and admins only.</summary>
    Private,
    /// <summary>Not listed; any file is readable by anyone who has its URL.</summary>
    Visible,
    /// <summary>Listed on the public index and readable by everyone, signed in or not.</summary>
    Public,
}

/// <summary>A namespace as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.namespace")]
public sealed record NamespaceInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] string Owner,
    [property: Id(4)] Visibility Visibility,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>An entry of a user's namespace index: its name (for ordering and uniqueness) and the bytes its files hold.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.namespace-entry")]
public sealed record NamespaceEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] long UsedBytes);

/// <summary>A user's use of storage against their quota.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.usage")]
public sealed record StorageUsage(
    [property: Id(0)] long UsedBytes,
    [property: Id(1)] long MaxBytes,
    [property: Id(2)] int Namespaces,
    [property: Id(3)] int MaxNamespaces,
    [property: Id(4)] long ReservedBytes,
    [property: Id(5)] long? QuotaBytesOverride,
    [property: Id(6)] int? QuotaNamespacesOverride);

/// <summary>A share link of a private (or any) file. The secret is kept only as its SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.share")]
public sealed record ShareInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid NamespaceId,
    [property: Id(2)] string Path,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] string CreatedBy);

/// <summary>Where an upload is (see <see cref="IUploadProgressGrain"/>).</summary>
public enum UploadState
{
    Waiting,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A failed upload's reason, as a problem document's code and detail.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.upload-error")]
public sealed record UploadError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Detail,
    [property: Id(2)] int Status);

/// <summary>One moment of an upload. <see cref="Sequence"/> grows with every change.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.upload-progress")]
public sealed record UploadProgress(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] UploadState State,
    [property: Id(3)] Guid? UploaderId,
    [property: Id(4)] Guid? NamespaceId,
    [property: Id(5)] string? Path,
    [property: Id(6)] long ReceivedBytes,
    [property: Id(7)] long CommittedBytes,
    [property: Id(8)] long? TotalBytes,
    [property: Id(9)] UploadError? Error,
    [property: Id(10)] ImmutableArray<string> Files)
{
    public bool Ended => State is UploadState.Succeeded or UploadState.Failed;
}
