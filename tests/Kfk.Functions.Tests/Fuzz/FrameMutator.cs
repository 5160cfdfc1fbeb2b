using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Kfk.Functions.Tests.Fuzz;

/// <summary>A fuzz frame: its bytes, whether it goes as a binary message, and how it was made (template and mutations).</summary>
internal sealed record FuzzFrame(byte[] Bytes, bool Binary, string Template, IReadOnlyList<string> Mutations, string Recipe);

/// <summary>
/// Seeded generator of hostile client frames. A frame starts as a valid frame of its dialect, built as a small JSON tree
/// whose strings are kept as escaped units and whose objects are member lists, so it can say what no serializer would
/// (lone surrogates, duplicate keys, invalid UTF-8 inside a string). Tree mutations, then byte mutations, then the run's
/// values (ids, token, URLs) replace the <c>@@NAME@@</c> placeholders: the same seed makes the same mutations whatever ids
/// the run was given.
/// </summary>
internal sealed class FrameMutator(Random random, IReadOnlyList<FrameMutator.Template> templates, IReadOnlyDictionary<string, string> values)
{
    public const int FrameLimit = 64 * 1024;

    public sealed record Template(string Name, int Weight, Func<Random, Node> Build);

    private static readonly string[] Texts =
    [
        "你好", "hello", "在吗？卡密无效", "😀👍🏽 emoji", "a\"quote\\slash/", "<script>alert(1)</script>&amp;", "line1\nline2\ttab",
        "\u0000\u0001\u001f\u007f", "\u200b\u200d\ufeff", "sb 妈的", "مرحبا", "  padded  ", "1e308", string.Concat(Enumerable.Repeat("重复", 40)),
    ];

    private static readonly string[] Names =
    [
        "chat", "read", "typing", "sync", "user_online", "transfer", "ping", "login", "say", "msg_list", "report_detail", "", "CHAT", "chat ",
        "\u0000", "error", "connect", "__proto__", "😀", new('e', 1000),
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e308", "-1e308", "1e309", "-1", "0", "-0", "1.5", "1E2", "2147483648", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "4.9e-324", "0.0000001",
        "123456789012345678901234567890123456789", new('9', 1000),
    ];

    private static readonly string[] LoneSurrogates = [@"\ud800", @"\udbff", @"\udc00", @"\udfff", @"\uD83D", @"\uDE00"];

    /// <summary>Invalid UTF-8 inside a string (the frame then goes as a binary message: a text message must be UTF-8).</summary>
    private static readonly byte[][] BadBytes =
    [
        [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xFE, 0xFE],
    ];

    private static readonly string[] Garbage = [" x", "}", "]", "{\"event\":\"ping\"}", "{\"type\":\"ping\"}", "\0", ",", "\n\n", "//c", "/*c*/", "nul", "\"\""];

    private static readonly string[] WholeFrames = ["", " ", "\r\n\t ", "null", "{}", "[]", "\"\"", "0", "true", "[{}]", "{\"data\":{}}", "{\"event\":null}", "{\"type\":[]}"];

    public static readonly IReadOnlyList<Template> Likeshop =
    [
        new("chat-text", 30, r => Frame("event", "chat", Data(("msg", Str.Of(Pick(r, Texts))), ("msg_type", Num(1)), ("to_id", Id(r, "KEFU")), ("to_type", Str.Of("kefu")),
            ("client_msg_id", Str.Of("fz-" + r.Next(1_000_000).ToString(CultureInfo.InvariantCulture)))))),
        new("chat-goods", 5, r => Frame("event", "chat", Data(("msg", Str.Of("@@GOODS@@")), ("msg_type", Num(3)), ("to_id", Id(r, "KEFU")), ("to_type", Str.Of("kefu"))))),
        new("chat-image", 5, r => Frame("event", "chat", Data(("msg", Str.Of("@@IMAGE@@")), ("msg_type", Str.Of("2")), ("to_id", Id(r, "KEFU")), ("to_type", Str.Of("kefu"))))),
        new("read", 10, r => Frame("event", "read", Data(("kefu_id", Id(r, "KEFU")), ("shop_id", Id(r, "SHOP"))))),
        new("typing", 10, r => Frame("event", "typing", Data(("to_id", Id(r, "KEFU")), ("to_type", Str.Of("kefu")), ("shop_id", Id(r, "SHOP"))))),
        new("sync", 10, r => Frame("event", "sync", Data(("after_seq", r.Next(2) == 0 ? Num(0) : Str.Of("1")), ("user_id", Id(r, "USER"))))),
        new("user_online", 10, r => Frame("event", "user_online", Data(("kefu_id", Id(r, "KEFU")), ("shop_id", Id(r, "SHOP"))))),
        new("transfer", 5, r => Frame("event", "transfer", Data(("user_id", Id(r, "USER")), ("kefu_id", Id(r, "KEFU"))))),
        new("ping", 10, r => r.Next(2) == 0 ? new Obj(("event", Str.Of("ping"))) : Frame("event", "ping", new Obj())),
        new("unknown", 5, r => Frame("event", Pick(r, Names), Data(("msg", Str.Of(Pick(r, Texts)))))),
    ];

    public static readonly IReadOnlyList<Template> Kfk =
    [
        new("say-text", 55, r => new Obj(("type", Str.Of("say")), ("data", new Obj(("content", Str.Of(Pick(r, Texts))), ("type", Str.Of("text")))))),
        new("say-image", 8, _ => new Obj(("type", Str.Of("say")), ("data", new Obj(("content", Str.Of("@@IMAGE@@")), ("type", Str.Of("image")))))),
        new("login", 10, _ => new Obj(("type", Str.Of("login")), ("token", Str.Of("@@TOKEN@@")),
            ("data", new Obj(("type", Str.Of("user")), ("authtype", Str.Of("h5")), ("room", Str.Of("@@ROOM@@")))))),
        new("msg_list", 10, r => new Obj(("type", Str.Of("msg_list")), ("order_num", Str.Of("@@ROOM@@")), ("page", r.Next(2) == 0 ? Num(1) : Str.Of("2")))),
        new("report_detail", 10, _ => new Obj(("type", Str.Of("report_detail")), ("order_num", Str.Of("@@ROOM@@")))),
        new("ping", 7, r => new Obj(("type", Str.Of(r.Next(2) == 0 ? "ping" : Pick(r, Names))))),
    ];

    private readonly List<(byte[] Placeholder, byte[] Value)> _fill =
    [
        .. values.Select(v => (Encoding.ASCII.GetBytes("@@" + v.Key + "@@"), Encoding.UTF8.GetBytes(v.Value))),
        .. BadBytes.Select((bytes, i) => (Encoding.ASCII.GetBytes("@@BAD" + i.ToString(CultureInfo.InvariantCulture) + "@@"), bytes)),
    ];

    public FuzzFrame Next()
    {
        var template = PickWeighted();
        var root = template.Build(random);
        var recipe = new List<(string Kind, string Detail)>();
        var count = random.Next(100) switch { < 15 => 0, < 65 => 1, < 90 => 2, _ => 3 };
        var byteMutations = new List<Func<byte[], byte[]>>();
        var spaced = false;
        for (var i = 0; i < count; i++)
        {
            if (random.Next(100) < 70)
            {
                root = MutateTree(root, recipe, ref spaced);
            }
            else
            {
                byteMutations.Add(PickByteMutation(recipe));
            }
        }
        var json = new StringBuilder();
        root.WriteTo(json, spaced ? () => Pick(random, [" ", "\t", "\n", "\r\n", "  "]) : () => "");
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        foreach (var mutate in byteMutations)
        {
            bytes = mutate(bytes);
        }
        var preferBinary = random.Next(100) < 15;
        bytes = Fill(bytes);
        return new FuzzFrame(bytes, preferBinary || !Utf8.IsValid(bytes), template.Name, [.. recipe.Select(r => r.Kind)],
            string.Join(" + ", recipe.Select(r => $"{r.Kind} {r.Detail}").Prepend(template.Name)));
    }

    private Template PickWeighted()
    {
        var ticket = random.Next(templates.Sum(t => t.Weight));
        foreach (var template in templates)
        {
            if ((ticket -= template.Weight) < 0)
            {
                return template;
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    private Node MutateTree(Node root, List<(string Kind, string Detail)> recipe, ref bool spaced)
    {
        var slots = new List<Slot>();
        var strings = new List<Str>();
        var objects = new List<Obj>();
        Collect(root, v => root = v, slots, strings, objects);
        var name = root is Obj o && o.Members.Count > 0 && o.Members[0].Value is Str s ? s : null;
        switch (random.Next(13))
        {
            case 0 when strings.Count > 0:
                var target = name is not null && random.Next(3) == 0 ? name : Pick(random, strings);
                var surrogate = Pick(random, LoneSurrogates);
                if (random.Next(3) == 0)
                {
                    target.Units.Clear();
                }
                target.Units.Insert(random.Next(target.Units.Count + 1), surrogate);
                recipe.Add(("lone surrogate", surrogate));
                break;
            case 1 when strings.Count > 0:
                var cut = name is not null && random.Next(4) == 0 ? name : Pick(random, strings);
                var (units, label) = random.Next(4) switch
                {
                    0 => (new[] { @"\ud83d\ude00", @"\ud83d" }, "emoji, then one cut after its high surrogate"),
                    1 => ([@"\ud83d", "x"], "high surrogate then text"),
                    2 => ([@"\ude00"], "low surrogate alone"),
                    _ => (["@@BAD4@@"], "emoji's UTF-8 cut after 3 bytes"),
                };
                cut.Units.InsertRange(label.StartsWith("emoji,", StringComparison.Ordinal) ? cut.Units.Count : random.Next(cut.Units.Count + 1), units);
                recipe.Add(("cut emoji", label));
                break;
            case 2 when strings.Count > 0:
                var bad = random.Next(BadBytes.Length);
                var into = Pick(random, strings);
                into.Units.Insert(random.Next(into.Units.Count + 1), "@@BAD" + bad.ToString(CultureInfo.InvariantCulture) + "@@");
                recipe.Add(("invalid UTF-8 in a string", Convert.ToHexString(BadBytes[bad])));
                break;
            case 3 when objects.Count > 0:
                var obj = Pick(random, objects);
                if (obj.Members.Count == 0)
                {
                    obj.Members.Add(new Member(Str.Of("a"), Num(1)));
                }
                var member = Pick(random, obj.Members);
                var twin = random.Next(2) == 0 ? member.Value : Str.Of(Pick(random, Names));
                obj.Members.Insert(random.Next(obj.Members.Count + 1), new Member(Str.Of(member.Key.Units), twin));
                recipe.Add(("duplicate key", member.Key.ToString()));
                break;
            case 4:
                var slot = Pick(random, slots);
                var replacement = WrongType(slot.Node);
                slot.Set(replacement);
                recipe.Add(("wrong type", Describe(replacement)));
                break;
            case 5:
                var number = Pick(random, HugeNumbers);
                Pick(random, slots).Set(new Lit(number));
                recipe.Add(("huge number", number.Length > 40 ? number[..20] + "…" : number));
                break;
            case 6:
                var depth = Pick<int>(random, [15, 16, 17, 30, 64, 65, 200, 1000]);
                var nest = Pick(random, slots);
                var nested = nest.Node;
                for (var d = 0; d < depth; d++)
                {
                    nested = random.Next(2) == 0 ? new Arr(nested) : new Obj(("a", nested));
                }
                nest.Set(nested);
                recipe.Add(("deep nesting", depth.ToString(CultureInfo.InvariantCulture)));
                break;
            case 7 when strings.Count > 0:
                var valueStrings = slots.Select(x => x.Node).OfType<Str>().ToList();
                var longOne = valueStrings.Count > 0 ? Pick(random, valueStrings) : Pick(random, strings);
                var size = Pick<int>(random, [500, 501, 2000, 2001, 10_000, FrameLimit - 512, FrameLimit + 512]);
                var filler = random.Next(2) == 0 ? "x" : "长";
                longOne.Units.Clear();
                var chars = size > 10_000 ? (size - Encoding.UTF8.GetByteCount(Write(root))) / Encoding.UTF8.GetByteCount(filler) : size;
                longOne.Units.Add(string.Concat(Enumerable.Repeat(filler, Math.Max(chars, 1))));
                recipe.Add(("long string", size > 10_000 ? $"frame of ~{size} bytes" : $"{size} '{filler}'"));
                break;
            case 8 when objects.Any(x => x.Members.Count > 0):
                var owner = Pick(random, objects.Where(x => x.Members.Count > 0).ToList());
                var dropped = Pick(random, owner.Members);
                owner.Members.Remove(dropped);
                recipe.Add(("dropped key", dropped.Key.ToString()));
                break;
            case 9 when objects.Any(x => x.Members.Count > 0):
                var renamed = Pick(random, Pick(random, objects.Where(x => x.Members.Count > 0).ToList()).Members);
                var key = renamed.Key.ToString();
                var newKey = Pick(random, [key.ToUpperInvariant(), key + " ", " " + key, "", key + "\u0000", key[..(key.Length / 2)]]);
                renamed.Key = Str.Of(newKey);
                recipe.Add(("renamed key", $"{key} to {newKey}"));
                break;
            case 10 when name is not null:
                var other = Pick(random, Names);
                name.Units.Clear();
                name.Units.AddRange(Str.Of(other).Units);
                recipe.Add(("other name", other.Length > 20 ? other[..20] + "…" : other));
                break;
            case 11:
                root = random.Next(3) switch
                {
                    0 => new Arr(root),
                    1 => Str.Of(Write(root)),
                    _ => new Obj(("data", root)),
                };
                recipe.Add(("other root", Describe(root)));
                break;
            default:
                spaced = true;
                recipe.Add(("whitespace", "between tokens"));
                break;
        }
        return root;
    }

    private Func<byte[], byte[]> PickByteMutation(List<(string Kind, string Detail)> recipe)
    {
        switch (random.Next(7))
        {
            case 0:
                var at = random.NextDouble();
                recipe.Add(("truncation", $"at {at:P0}"));
                return b => b[..(int)(b.Length * at)];
            case 1:
                var flips = Enumerable.Range(0, random.Next(1, 5)).Select(_ => (At: random.NextDouble(), Bit: random.Next(9), Byte: (byte)random.Next(256))).ToList();
                recipe.Add(("byte flips", flips.Count.ToString(CultureInfo.InvariantCulture)));
                return b =>
                {
                    var copy = b.ToArray();
                    foreach (var (position, bit, value) in flips.Where(_ => copy.Length > 0))
                    {
                        var i = (int)(position * copy.Length);
                        copy[i] = bit == 8 ? value : (byte)(copy[i] ^ (1 << bit));
                    }
                    return copy;
                };
            case 2:
                var garbage = random.Next(3) == 0 ? RandomBytes(random.Next(1, 8)) : Encoding.UTF8.GetBytes(Pick(random, Garbage));
                recipe.Add(("trailing garbage", Convert.ToHexString(garbage)));
                return b => [.. b, .. garbage];
            case 3:
                var inserted = RandomBytes(random.Next(1, 6));
                var where = random.NextDouble();
                recipe.Add(("inserted bytes", $"{Convert.ToHexString(inserted)} at {where:P0}"));
                return b => [.. b[..(int)(b.Length * where)], .. inserted, .. b[(int)(b.Length * where)..]];
            case 4:
                var padding = Encoding.UTF8.GetBytes(Pick(random, [" ", "\n", "\t\r\n ", "\u00a0", "\u3000", "\ufeff"]));
                var before = random.Next(2) == 0;
                recipe.Add(("whitespace", (before ? "leading " : "trailing ") + Convert.ToHexString(padding)));
                return b => before ? [.. padding, .. b] : [.. b, .. padding];
            case 5:
                var whole = Pick(random, WholeFrames);
                recipe.Add(("whole frame", $"'{whole}'"));
                return _ => Encoding.UTF8.GetBytes(whole);
            default:
                recipe.Add(("byte order mark", "EFBBBF"));
                return b => [0xEF, 0xBB, 0xBF, .. b];
        }
    }

    private Node WrongType(Node current) => random.Next(current is Str ? 11 : 14) switch
    {
        0 => new Lit("null"),
        1 => new Lit(random.Next(2) == 0 ? "true" : "false"),
        2 => new Lit(Pick(random, HugeNumbers)),
        3 => new Arr(),
        4 => new Arr(new Lit("1"), Str.Of("a")),
        5 => new Obj(),
        6 => new Obj(("a", new Lit("1"))),
        7 => new Lit("1"),
        8 => new Lit("-1"),
        9 => new Lit("0"),
        10 => new Lit("1.0"),
        _ => Str.Of(Pick(random, ["", "abc", " 12", "12 ", "１２", "-1", "+1", "1e3", "٣", "0x10", "null", "007"])),
    };

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Fill(byte[] bytes)
    {
        var output = new List<byte>(bytes.Length + 64);
        for (var i = 0; i < bytes.Length; i++)
        {
            var match = bytes[i] == '@' ? _fill.FirstOrDefault(f => bytes.AsSpan(i).StartsWith(f.Placeholder)) : default;
            if (match.Value is null)
            {
                output.Add(bytes[i]);
                continue;
            }
            output.AddRange(match.Value);
            i += match.Placeholder.Length - 1;
        }
        return [.. output];
    }

    private static string Write(Node node)
    {
        var json = new StringBuilder();
        node.WriteTo(json, () => "");
        return json.ToString();
    }

    private static string Describe(Node node)
    {
        var text = Write(node);
        return text.Length > 30 ? text[..30] + "…" : text;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An id as legacy clients send it: a JSON number or a digit string.</summary>
    private static Node Id(Random random, string placeholder) => random.Next(2) == 0 ? new Lit("@@" + placeholder + "@@") : Str.Of("@@" + placeholder + "@@");

    private static Lit Num(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static Obj Frame(string nameKey, string name, Obj data) => new((nameKey, Str.Of(name)), ("data", data));

    private static Obj Data(params (string Key, Node Value)[] members) => new(members);

    private static void Collect(Node node, Action<Node> set, List<Slot> slots, List<Str> strings, List<Obj> objects)
    {
        slots.Add(new Slot(node, set));
        switch (node)
        {
            case Str s:
                strings.Add(s);
                break;
            case Obj o:
                objects.Add(o);
                foreach (var m in o.Members)
                {
                    strings.Add(m.Key);
                    Collect(m.Value, v => m.Value = v, slots, strings, objects);
                }
                break;
            case Arr a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    var index = i;
                    Collect(a.Items[i], v => a.Items[index] = v, slots, strings, objects);
                }
                break;
        }
    }

    private sealed record Slot(Node Node, Action<Node> Set);

    public abstract class Node
    {
        public abstract void WriteTo(StringBuilder json, Func<string> gap);
    }

    public sealed class Obj(params (string Key, Node Value)[] members) : Node
    {
        public List<Member> Members { get; } = [.. members.Select(m => new Member(Str.Of(m.Key), m.Value))];

        public override void WriteTo(StringBuilder json, Func<string> gap)
        {
            json.Append('{').Append(gap());
            for (var i = 0; i < Members.Count; i++)
            {
                Members[i].Key.WriteTo(json, gap);
                json.Append(gap()).Append(':').Append(gap());
                Members[i].Value.WriteTo(json, gap);
                json.Append(gap()).Append(i < Members.Count - 1 ? "," : "").Append(gap());
            }
            json.Append('}');
        }
    }

    public sealed class Member(Str key, Node value)
    {
        public Str Key { get; set; } = key;

        public Node Value { get; set; } = value;
    }

    public sealed class Arr(params Node[] items) : Node
    {
        public List<Node> Items { get; } = [.. items];

        public override void WriteTo(StringBuilder json, Func<string> gap)
        {
            json.Append('[').Append(gap());
            for (var i = 0; i < Items.Count; i++)
            {
                Items[i].WriteTo(json, gap);
                json.Append(gap()).Append(i < Items.Count - 1 ? "," : "").Append(gap());
            }
            json.Append(']');
        }
    }

    /// <summary>A string as its escaped units (<c>a</c>, <c>\"</c>, <c>\u0000</c>, <c>好</c>): a unit may be a lone surrogate escape.</summary>
    public sealed class Str(IEnumerable<string> units) : Node
    {
        public List<string> Units { get; } = [.. units];

        public static Str Of(string value) => new(value.EnumerateRunes().Select(r => r.Value switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            < ' ' or 0x7f => "\\u" + r.Value.ToString("x4", CultureInfo.InvariantCulture),
            _ => r.ToString(),
        }));

        public static Str Of(IEnumerable<string> units) => new(units);

        public override void WriteTo(StringBuilder json, Func<string> gap) => json.Append('"').AppendJoin("", Units).Append('"');

        public override string ToString() => string.Concat(Units);
    }

    public sealed class Lit(string text) : Node
    {
        public override void WriteTo(StringBuilder json, Func<string> gap) => json.Append(text);
    }
}
