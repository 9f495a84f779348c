namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>What a data-plane token allows on its one chunk version.</summary>
public enum DataPlaneAccess
{
    /// <summary>Stage bytes (PUT).</summary>
    Write,

    /// <summary>Read bytes (GET, with or without a range).</summary>
    Read,

    /// <summary>Commit, abort, verify and delete.</summary>
    Manage,
}
