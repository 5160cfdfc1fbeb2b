namespace Kfk.Core.Likeshop;

/// <summary>Display rules of the likeshop workbench: masked mobiles and the client names of the legacy enum.</summary>
public static class LikeshopText
{
    /// <summary><c>13812341234</c> → <c>138****1234</c>; anything shorter than 7 characters is masked whole.</summary>
    public static string MaskMobile(string? mobile) => mobile switch
    {
        null or "" => "",
        { Length: >= 7 } m => string.Concat(m.AsSpan(0, 3), "****", m.AsSpan(m.Length - 4)),
        _ => "****",
    };

    /// <summary>The legacy client codes: 1 mini program, 2 official account, 3 iOS, 4 Android, 5 PC, 6 H5.</summary>
    public static string ClientDescription(int? client) => client switch
    {
        1 => "微信小程序",
        2 => "微信公众号",
        3 => "苹果APP",
        4 => "安卓APP",
        5 => "PC商城",
        6 => "H5",
        _ => "未知",
    };
}
