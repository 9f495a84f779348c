using System.Net.Http.Json;
using Bogus;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Users;

/// <summary>Creates users with unique, valid names through the admin API, so tests never share data.</summary>
public static class TestUsers
{
    private static readonly Faker Faker = new();

    public static string NewUsername()
    {
        var name = new string(Faker.Internet.UserName().Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-').ToArray());
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
            name = "u" + name;
        return (name.Length > 20 ? name[..20] : name) + "-" + Guid.NewGuid().ToString("N")[..8];
    }

    public static string NewPassword() => "pw-" + Faker.Random.AlphaNumeric(16);

    public static async Task<TestUser> CreateAsync(HttpClient admin, string role = "user")
    {
        var username = NewUsername();
        var password = NewPassword();
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { username, password, role });
        Assert.True(response.IsSuccessStatusCode, $"creating {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var user = await response.Content.ReadFromJsonAsync<UserBody>();
        return new TestUser(user!.Id, username, password);
    }

    public sealed record TestUser(Guid Id, string Username, string Password)
    {
        public Task<HttpClient> SignInAsync(SiloProcess silo) => silo.SignInAsync(Username, Password);
    }

    public sealed record UserBody(Guid Id, string Username, string Role, DateTimeOffset CreatedAt);
}
