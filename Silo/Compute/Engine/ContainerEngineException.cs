namespace EddCloud.Silo.Compute.Engine;

/// <summary>The container engine refused or failed an operation; the message carries the engine's own.</summary>
public class ContainerEngineException : Exception
{
    public ContainerEngineException()
    {
    }

    public ContainerEngineException(string message)
        : base(message)
    {
    }

    public ContainerEngineException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>No container engine answers: Podman is not installed, or it did not start.</summary>
public sealed class ContainerEngineUnavailableException : ContainerEngineException
{
    public ContainerEngineUnavailableException()
    {
    }

    public ContainerEngineUnavailableException(string message)
        : base(message)
    {
    }

    public ContainerEngineUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The container (or image) named does not exist on this node.</summary>
public sealed class ContainerNotFoundException : ContainerEngineException
{
    public ContainerNotFoundException()
    {
    }

    public ContainerNotFoundException(string message)
        : base(message)
    {
    }

    public ContainerNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A host port the engine chose for the container when it was made is now held by another program (the engine binds
/// published ports only at start); a container made again gets free ones.
/// </summary>
public sealed class ContainerPortTakenException : ContainerEngineException
{
    public ContainerPortTakenException()
    {
    }

    public ContainerPortTakenException(string message)
        : base(message)
    {
    }

    public ContainerPortTakenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
